// `node bench/serve-bench.mjs` (after `npm run build`): lsim serve's warm invoke latency p50/p99 at
// concurrency 1 and throughput at concurrency 10 through @aws-sdk/client-lambda, each beside the same
// client calling a trivial Node HTTP server in the same run, with the ratio; and the server's RSS
// idle and under load. Both servers run in child processes (this file, forked) on loopback so the
// client's own memory and CPU are not counted as theirs. Every loop is bounded.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';

const SEQUENTIAL = Number(process.env.LSIM_BENCH_SEQUENTIAL ?? 300);
const PARALLEL_TOTAL = Number(process.env.LSIM_BENCH_PARALLEL ?? 2000);
// Invokes at CONCURRENCY before measuring: every warm container (and its runtime's JIT) in steady state.
const WARMUP = Number(process.env.LSIM_BENCH_WARMUP ?? 1500);
const CONCURRENCY = 10;
// nodejs by default; LSIM_BENCH_RUNTIME=python3.12 measures the python runtime instead.
const RUNTIME = process.env.LSIM_BENCH_RUNTIME ?? 'nodejs20.x';

// ---- child: one server, reporting its URL and answering RSS requests ----------------------------
if (process.argv[2] === 'child') {
  const mode = process.argv[3];
  let close;
  let url;
  if (mode === 'lsim') {
    const { resolveConfig } = await import('../dist/common/config.js');
    const { LambdaServer } = await import('../dist/server/lambda-server.js');
    const server = await LambdaServer.start({
      config: resolveConfig({ home: process.argv[4] }, {}),
      host: '127.0.0.1',
      port: 0,
      maxConcurrency: CONCURRENCY,
    });
    url = server.url;
    close = () => server.close();
  } else {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' });
        res.end('{}');
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${server.address().port}`;
    close = () => new Promise((resolve) => server.close(resolve));
  }
  process.on('message', async (message) => {
    if (message === 'rss') process.send({ rss: process.memoryUsage().rss });
    if (message === 'close') {
      await close();
      process.send({ closed: true });
      process.exit(0);
    }
  });
  process.send({ url });
} else {
  await parent();
}

function startChild(mode, home) {
  // LSIM_BENCH_SERVER_ARGS: node flags for the lsim server process only, e.g. `--cpu-prof --cpu-prof-dir=prof`.
  const execArgv = mode === 'lsim' ? (process.env.LSIM_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean) : [];
  const child = fork(fileURLToPath(import.meta.url), ['child', mode, home ?? ''], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  return {
    ready: next().then((m) => m.url),
    rss: async () => {
      const reply = next();
      child.send('rss');
      return (await reply).rss;
    },
    close: async () => {
      const reply = next();
      child.send('close');
      await reply;
    },
  };
}

async function parent() {
  const { makeZip } = await import('../dist/archive/zip-writer.js');
  const home = mkdtempSync(join(tmpdir(), 'lsim-serve-bench-'));
  const lsim = startChild('lsim', home);
  const baseline = startChild('baseline');
  const [lsimUrl, baselineUrl] = await Promise.all([lsim.ready, baseline.ready]);
  const client = (endpoint) =>
    new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, maxAttempts: 1 });
  const lsimClient = client(lsimUrl);
  const baselineClient = client(baselineUrl);
  try {
    await lsimClient.send(
      new CreateFunctionCommand({
        FunctionName: 'bench',
        Runtime: RUNTIME,
        Handler: RUNTIME.startsWith('python') ? 'lambda_function.handler' : 'index.handler',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Code: {
          ZipFile: makeZip([
            { name: 'lambda_function.py', data: 'def handler(event, context):\n    return {}\n' },
            { name: 'index.mjs', data: 'export const handler = async () => ({});\n' },
          ]),
        },
      }),
    );
    // A new function is Pending for a moment, as in Lambda: wait with the SDK's own waiter, as a client would.
    await waitUntilFunctionActiveV2({ client: lsimClient, maxWaitTime: 60, minDelay: 1 }, { FunctionName: 'bench' });
    const invoke = (c) => c.send(new InvokeCommand({ FunctionName: 'bench', Payload: Buffer.from('{}') }));
    const rssIdle = await lsim.rss();
    // Warm CONCURRENCY environments (cold starts are not what this measures), then run them long enough
    // for each runtime process to reach its steady state: a fresh node or python process is several
    // times slower per invoke for its first few hundred invokes.
    await invoke(lsimClient);
    await Promise.all(Array.from({ length: CONCURRENCY }, () => invoke(lsimClient)));
    await parallel(() => invoke(lsimClient), WARMUP);
    await parallel(() => invoke(baselineClient), WARMUP);

    const lsimLatency = await sequential(() => invoke(lsimClient));
    const baseLatency = await sequential(() => invoke(baselineClient));
    let rssLoad = 0;
    const sampler = setInterval(() => lsim.rss().then((rss) => (rssLoad = Math.max(rssLoad, rss))), 200);
    const lsimRate = await parallel(() => invoke(lsimClient));
    clearInterval(sampler);
    const baseRate = await parallel(() => invoke(baselineClient));

    const pct = (values, p) => values[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
    const rows = [
      ['warm invoke p50, concurrency 1 (ms)', pct(lsimLatency, 50), pct(baseLatency, 50)],
      ['warm invoke p99, concurrency 1 (ms)', pct(lsimLatency, 99), pct(baseLatency, 99)],
      [`throughput, concurrency ${CONCURRENCY} (invokes/s)`, lsimRate, baseRate],
      ['server RSS idle (MB)', rssIdle / 2 ** 20, (await baseline.rss()) / 2 ** 20],
      ['server RSS under load, peak (MB)', rssLoad / 2 ** 20, (await baseline.rss()) / 2 ** 20],
    ];
    console.log(
      `lsim serve (${RUNTIME}) vs a trivial Node HTTP server, same SDK client (${SEQUENTIAL} sequential, ${PARALLEL_TOTAL} parallel, after ${WARMUP} warm-up)`,
    );
    for (const [name, value, base] of rows) {
      console.log(
        `${name.padEnd(44)} lsim ${value.toFixed(2).padStart(9)}  baseline ${base.toFixed(2).padStart(9)}  ratio ${(value / base).toFixed(2)}`,
      );
    }
    console.log(`p50 over baseline: ${(pct(lsimLatency, 50) - pct(baseLatency, 50)).toFixed(2)} ms`);
  } finally {
    lsimClient.destroy();
    baselineClient.destroy();
    await Promise.all([lsim.close(), baseline.close()]);
    rmSync(home, { recursive: true, force: true });
  }
}

async function sequential(call) {
  const samples = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function parallel(call, total = PARALLEL_TOTAL) {
  let remaining = total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        await call();
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}
