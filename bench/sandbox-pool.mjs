// The first invoke of a new function through `lsim serve`, with pre-provisioned sandboxes and without
// (LSIM_SANDBOX_POOL, docs/cold-start.md#pre-provisioned-sandboxes), beside a bare `docker run --rm` of the
// same image on no network and on lsim's bridge, interleaved so all see the same load. Run alone with
// `node bench/sandbox-pool.mjs [--json FILE]`, or from `npm run bench`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeZip } from '../dist/archive/zip-writer.js';
import { resolveConfig } from '../dist/common/config.js';
import { LSIM_NETWORK } from '../dist/execution/execution-environment.js';
import { startServer } from '../dist/composition/serve-services.js';

const RUNTIME = 'python3.12';
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const CODE = makeZip([{ name: 'hello.py', data: 'def handler(event, context):\n    return {"ok": True}\n' }]).toString('base64');

function docker(args) {
  const started = performance.now();
  const result = spawnSync('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr}`);
  return performance.now() - started;
}

async function call(server, method, path, body, headers = {}) {
  const response = await fetch(`${server.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { response, text };
}

async function createFunction(server, name) {
  await call(server, 'POST', '/2015-03-31/functions', {
    FunctionName: name,
    Runtime: RUNTIME,
    Role: ROLE,
    Handler: 'hello.handler',
    Code: { ZipFile: CODE },
  });
}

/** Wall time of the invoke, and the Init Duration its REPORT line gives. */
async function invoke(server, name) {
  const started = performance.now();
  const { response } = await call(server, 'POST', `/2015-03-31/functions/${name}/invocations`, {}, { 'X-Amz-Log-Type': 'Tail' });
  const ms = performance.now() - started;
  const tail = Buffer.from(response.headers.get('x-amz-log-result') ?? '', 'base64').toString('utf8');
  return { ms, initMs: Number(/Init Duration: ([\d.]+) ms/.exec(tail)?.[1] ?? NaN) };
}

async function until(condition) {
  for (let i = 0; i < 1200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

export async function sandboxPoolFigures({ record, median, repeat }) {
  const servers = {};
  const homes = [];
  for (const pool of ['2', '0']) {
    const home = mkdtempSync(join(tmpdir(), 'lsim-bsp-'));
    homes.push(home);
    servers[pool] = await startServer({
      config: resolveConfig({ home }, { LSIM_HOME: home, LSIM_SANDBOX_POOL: pool, LSIM_UPDATE_DELAY_MS: '0' }),
      host: '127.0.0.1',
      port: 0,
      idleTimeoutSeconds: 600,
    });
    await createFunction(servers[pool], 'warmup');
    await invoke(servers[pool], 'warmup'); // the image, the network, the page cache; the pool of the image starts
  }
  if (servers['2'].sandboxes === undefined) throw new Error('The sandbox pool is not available here (it needs root and a local engine).');
  const tag = spawnSync('docker', ['ps', '--filter', `label=dev.lsim.home=${homes[0]}`, '--format', '{{.Image}}'])
    .stdout.toString()
    .split('\n')[0];
  const samples = { on: [], off: [], onInit: [], offInit: [], none: [], bridge: [] };
  for (let i = 0; i < repeat; i += 1) {
    for (const [pool, key] of [
      ['2', 'on'],
      ['0', 'off'],
    ]) {
      const server = servers[pool];
      await createFunction(server, `fn${i}`);
      if (pool === '2') await until(() => server.sandboxes.ready >= 1);
      const { ms, initMs } = await invoke(server, `fn${i}`);
      samples[key].push(ms);
      samples[`${key}Init`].push(initMs);
    }
    samples.none.push(docker(['run', '--rm', '--network', 'none', '--entrypoint', 'python3', tag, '-c', '0']));
    samples.bridge.push(docker(['run', '--rm', '--network', LSIM_NETWORK, '--entrypoint', 'python3', tag, '-c', '0']));
  }
  for (const server of Object.values(servers)) await server.close();
  for (const home of homes) {
    spawnSync('umount', ['-l', join(home, 'sandboxes')]);
    rmSync(home, { recursive: true, force: true });
  }
  const bare = 'docker run --rm --network none python3 -c 0';
  record(`first invoke of a function via serve, pool on (${RUNTIME})`, median(samples.on), bare, median(samples.none), '<= 1.0x');
  record(`first invoke of a function via serve, pool off (${RUNTIME})`, median(samples.off), bare, median(samples.none), '<= 1.5x');
  record('first invoke, pool on', median(samples.on), 'the same, pool off', median(samples.off), '< 1.0x');
  record('Init Duration, pool on', median(samples.onInit), 'Init Duration, pool off', median(samples.offInit), 'measure');
  record(`docker run --rm --network ${LSIM_NETWORK}`, median(samples.bridge), '--network none', median(samples.none), 'measure');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const record = (name, ms, baselineName, baselineMs, goal) => {
    rows.push({ name, ms, baseline: baselineName, baselineMs, ratio: ms / baselineMs, goal });
    console.error(`  ${name}: ${ms.toFixed(1)} ms  vs  ${baselineName}: ${baselineMs.toFixed(1)} ms  (${(ms / baselineMs).toFixed(2)}x)`);
  };
  await sandboxPoolFigures({ record, median, repeat: Number(process.env.LSIM_BENCH_REPEAT ?? 5) });
  const json = process.argv.indexOf('--json');
  if (json >= 0)
    writeFileSync(process.argv[json + 1], JSON.stringify({ load: spawnSync('uptime').stdout.toString().trim(), rows }, null, 2));
}
