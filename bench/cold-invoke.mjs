// Cold invoke per family on the engine the bench runs against: `lsim invoke` of a hello function beside
// a bare `docker run --rm` of the same image in the same run (interleaved, so both see the same load),
// on the network lsim's containers use and on none; its phases (`--debug`, docs/cold-start.md); and
// each family's image size beside the shared base image it is built on.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DockerEngine } from '../dist/engine/docker-engine.js';
import { ImageBuilder } from '../dist/images/image-builder.js';
import { defaultImagesDir } from '../dist/images/images-dir.js';
import { LSIM_NETWORK } from '../dist/execution/execution-environment.js';
import { HELLO, writeHello } from './hello-functions.mjs';

/** One id per family, the ones the README recommends first. */
const DEFAULT_RUNTIMES = ['provided.al2023', 'python3.12', 'nodejs22.x', 'ruby3.3', 'java21'];
/** Issue 15's goal for a one-shot cold invoke. */
const GOAL = '<= 1.5x';

function timed(cmd, args, env = {}) {
  const started = performance.now();
  const result = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr.toString().slice(-2000)}`);
  return { ms: performance.now() - started, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** `DEBUG: phase NAME MS ms` lines of one `lsim invoke --debug`. */
function phasesOf(stderr) {
  const phases = new Map();
  for (const match of stderr.matchAll(/^DEBUG: phase (\S+) ([\d.]+) ms$/gm)) phases.set(match[1], Number(match[2]));
  return phases;
}

export async function coldInvokeFigures({ work, lsimBin, record, recordSize, median, repeat }) {
  const runtimes = (process.env.LSIM_BENCH_COLD ?? DEFAULT_RUNTIMES.join(' ')).split(/\s+/).filter(Boolean);
  const home = join(work, 'cold-home');
  const env = { LSIM_HOME: home };
  const builder = new ImageBuilder(new DockerEngine({}), { imagesDir: defaultImagesDir(), workDir: join(work, 'cold-plan') });
  for (const runtime of runtimes) {
    const plan = await builder.plan(runtime);
    const tag = JSON.parse(timed('node', [lsimBin, 'images', 'build', '--runtime', runtime], env).stdout).Images[0].Tag;
    const size = (image) => Number(timed('docker', ['image', 'inspect', '--format', '{{.Size}}', image]).stdout.trim());
    recordSize(
      `image size ${runtime} (${plan.family})`,
      size(tag),
      'lsim/base it is built on',
      size(plan.base.tag),
      'only what the runtime needs',
    );

    const hello = HELLO[plan.family];
    const code = writeHello(plan.family, join(work, `cold-${runtime}`), tag);
    const invoke = [
      'invoke',
      '--runtime',
      runtime,
      '--handler',
      hello.handler,
      '--code',
      code,
      join(work, `cold-${runtime}.json`),
      '--debug',
    ];
    timed('node', [lsimBin, ...invoke], env); // the page cache, the network, the extraction cache
    const bare = (network) => ['run', '--rm', '--network', network, '--entrypoint', hello.bare[0], tag, ...hello.bare.slice(1)];
    const samples = { invoke: [], none: [], bridge: [] };
    const phases = new Map();
    for (let i = 0; i < repeat; i += 1) {
      const run = timed('node', [lsimBin, ...invoke], env);
      samples.invoke.push(run.ms);
      for (const [phase, ms] of phasesOf(run.stderr)) phases.set(phase, [...(phases.get(phase) ?? []), ms]);
      samples.none.push(timed('docker', bare('none')).ms);
      samples.bridge.push(timed('docker', bare(LSIM_NETWORK)).ms);
    }
    const invokeMs = median(samples.invoke);
    record(`cold lsim invoke ${runtime}`, invokeMs, `docker run --rm --network none ${hello.bare.join(' ')}`, median(samples.none), GOAL);
    record(`cold lsim invoke ${runtime}`, invokeMs, `the same on --network ${LSIM_NETWORK}`, median(samples.bridge), GOAL);
    console.error(`    phases (median ms): ${[...phases].map(([phase, values]) => `${phase} ${median(values).toFixed(0)}`).join(', ')}`);
  }
}
