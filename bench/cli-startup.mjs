// What `lsim` adds on top of `node` itself: the CPU time (user + system) of a publish of a one-file zip,
// where the work is negligible and the start-up is everything, beside `node -e 0`, interleaved so both
// see the same load. `LSIM_BENCH_BASE_BIN=path/to/other/bin/lsim.js` adds the same figure for another
// build (a checkout of main, say), measured in the same loop: the before/after of a start-up change.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeZip } from '../dist/archive/zip-writer.js';

const preload = fileURLToPath(new URL('cpu-usage.cjs', import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `node ...args` with the CPU preload; returns its CPU ms and its wall ms. */
function measured(args, env, cpuFile) {
  rmSync(cpuFile, { force: true });
  const started = performance.now();
  const result = spawnSync('node', ['--require', preload, ...args], {
    env: { ...process.env, ...env, LSIM_BENCH_CPU_FILE: cpuFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return { cpu: Number(readFileSync(cpuFile, 'utf8').trim()), wall };
}

export function cliStartupFigures({ work, lsimBin, report, repeat = 9 }) {
  const tinyZip = join(work, 'startup-tiny.zip');
  writeFileSync(tinyZip, makeZip([{ name: 'python/x.py', data: 'x = 1\n' }]));
  const cpuFile = join(work, 'startup-cpu');
  const bins = { lsim: lsimBin, ...(process.env.LSIM_BENCH_BASE_BIN ? { base: process.env.LSIM_BENCH_BASE_BIN } : {}) };
  const samples = Object.fromEntries(['node', ...Object.keys(bins)].map((name) => [name, { cpu: [], wall: [] }]));
  const publish = (bin, i) => [bin, 'publish-layer-version', '--layer-name', `tiny-${i % 3}`, '--zip-file', `fileb://${tinyZip}`];
  for (let i = 0; i < repeat; i += 1) {
    const node = measured(['-e', '0'], {}, cpuFile);
    samples.node.cpu.push(node.cpu);
    samples.node.wall.push(node.wall);
    for (const [name, bin] of Object.entries(bins)) {
      const one = measured(publish(bin, i), { LSIM_HOME: join(work, `startup-home-${name}`) }, cpuFile);
      samples[name].cpu.push(one.cpu);
      samples[name].wall.push(one.wall);
    }
  }
  const section = 'publish';
  const nodeCpu = median(samples.node.cpu);
  const add = (name, value, base, baselineName, goal) =>
    report.add({ section, name, unit: 'ms', value, baselineName, baseline: base, goal });
  add('lsim publish-layer-version of a 1-file zip, CPU', median(samples.lsim.cpu), nodeCpu, 'node -e 0 CPU', {
    text: 'what lsim adds on node',
  });
  add('the same, wall', median(samples.lsim.wall), median(samples.node.wall), 'node -e 0 wall', { text: 'what lsim adds on node' });
  if (bins.base !== undefined) {
    add('the same CPU, LSIM_BENCH_BASE_BIN build', median(samples.base.cpu), nodeCpu, 'node -e 0 CPU', { text: 'before/after' });
  }
}
