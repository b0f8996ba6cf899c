// `node bench/serve-bench.mjs [--json FILE]` (after `npm run build`; `npm run bench` runs it): lsim serve's
// warm invokes of a trivial function under `wrk` (Debian's `wrk`), beside a trivial Node HTTP server under
// the same `wrk` in the same run: throughput at concurrency 10, p99 at concurrency 1, 10 and 50, the
// server's RSS at the start and the end of a 60 s load; and p50/p99 at concurrency 1 through
// @aws-sdk/client-lambda, as a client sees it. Both servers run in child processes (this file, forked)
// on loopback, so the load generator's CPU and memory are not counted as theirs. lsim and baseline runs
// alternate, so both see the same load of the machine.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { jsonFileArg, Report, sendFigures } from './report.mjs';

const SECONDS = Number(process.env.LSIM_BENCH_SERVE_SECONDS ?? 10);
const RSS_SECONDS = Number(process.env.LSIM_BENCH_RSS_SECONDS ?? 60);
const SEQUENTIAL = Number(process.env.LSIM_BENCH_SEQUENTIAL ?? 200);
const CONCURRENCIES = [1, 10, 50];
// Environments lsim may start for the function: one per connection of the widest run, so no invoke
// meets the concurrency limit (a 429 would be measured instead of an invoke).
const MAX_CONCURRENCY = Math.max(...CONCURRENCIES);
// nodejs by default; LSIM_BENCH_RUNTIME=python3.12 measures the python runtime instead.
const RUNTIME = process.env.LSIM_BENCH_RUNTIME ?? 'nodejs20.x';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const INVOKE_PATH = '/2015-03-31/functions/bench/invocations';

// ---- child: one server, reporting its URL and answering RSS requests ----------------------------
if (process.argv[2] === 'child') {
  const mode = process.argv[3];
  let close;
  let url;
  // The warm path's steps (src/execution/phase-clock.ts), kept only while the parent asks for them.
  let phases;
  if (mode === 'lsim') {
    const { resolveConfig } = await import('../dist/common/config.js');
    const { startServer } = await import('../dist/composition/serve-services.js');
    const server = await startServer({
      config: resolveConfig({ home: process.argv[4] }, {}),
      host: '127.0.0.1',
      port: 0,
      maxConcurrency: MAX_CONCURRENCY,
      onPhase: ({ phase, ms }) => phases?.[phase]?.push(ms),
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
  // The warm path alone, not the server's start and cold starts: profiled only between these two messages.
  let session;
  let rssSamples = [];
  let rssTimer;
  process.on('message', async (message) => {
    if (message === 'rss') process.send({ rss: process.memoryUsage().rss });
    // A full collection first (the server runs with --expose-gc): what stays is what the server holds.
    if (message === 'rss-after-gc') {
      globalThis.gc?.();
      process.send({ rss: process.memoryUsage().rss });
    }
    if (message?.sampleRss !== undefined) {
      rssSamples = [];
      rssTimer = setInterval(() => rssSamples.push(process.memoryUsage().rss), 1000);
      process.send({ sampling: true });
    }
    if (message?.stopRss === true) {
      clearInterval(rssTimer);
      process.send({ samples: rssSamples });
    }
    if (message === 'phases-start') {
      phases = { invoke: [], 'output-written': [], 'output-markers': [] };
      process.send({ phases: true });
    }
    if (message === 'phases-stop') {
      process.send({ phases });
      phases = undefined;
    }
    if (message === 'profile-start') {
      const { Session } = await import('node:inspector/promises');
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      process.send({ profiling: true });
    }
    if (message === 'profile-stop') {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      process.send({ profile });
    }
    if (message === 'close') {
      await close();
      process.send({ closed: true });
      process.exit(0);
    }
  });
  process.send({ url });
} else {
  const report = new Report();
  await parent(report);
  const jsonFile = jsonFileArg();
  if (jsonFile !== undefined) writeFileSync(jsonFile, `${JSON.stringify({ figures: report.figures }, null, 2)}\n`);
  if (process.send === undefined) console.log(report.table());
  else sendFigures(report);
}

function startChild(mode, home) {
  // LSIM_BENCH_SERVER_ARGS: node flags for the lsim server process only, e.g. `--cpu-prof --cpu-prof-dir=prof`.
  const execArgv = mode === 'lsim' ? ['--expose-gc', ...(process.env.LSIM_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean)] : [];
  const child = fork(fileURLToPath(import.meta.url), ['child', mode, home ?? ''], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  return {
    ready: next().then((m) => m.url),
    rss: async (message = 'rss') => {
      const reply = next();
      child.send(message);
      return (await reply).rss;
    },
    ask: async (message) => {
      const reply = next();
      child.send(message);
      return reply;
    },
    close: async () => {
      const reply = next();
      child.send('close');
      await reply;
    },
  };
}

/** What `wrk --latency` printed: requests/s, latency percentiles (ms), and the requests that failed. */
export function parseWrk(output) {
  const ms = (value, unit) => Number(value) * { us: 1e-3, ms: 1, s: 1000 }[unit];
  const percentile = (p) => {
    // wrk pads the value (`1.76s `).
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    if (match === null) throw new Error(`wrk printed no ${p}% latency:\n${output}`);
    return ms(match[1], match[2]);
  };
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  if (rate === null) throw new Error(`wrk printed no Requests/sec:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors =
    (non2xx === null ? 0 : Number(non2xx[1])) + (socketErrors === null ? 0 : socketErrors.slice(1).reduce((a, b) => a + Number(b), 0));
  return { rate: Number(rate[1]), p50: percentile(50), p99: percentile(99), errors, output };
}

async function parent(report) {
  const { makeZip } = await import('../dist/archive/zip-writer.js');
  const home = mkdtempSync(join(tmpdir(), 'lsim-serve-bench-'));
  // Signed as an SDK would sign it for the bench's account (lsim serve verifies nothing unless asked).
  const script = join(home, 'invoke.lua');
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      'wrk.body = "{}"',
      'wrk.headers["Content-Type"] = "application/json"',
      `wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20261201/${REGION}/lambda/aws4_request, SignedHeaders=host, Signature=00"`,
      // What a failed request was answered (429, 500...): the first few per thread, on stderr.
      'local failures = 0',
      'function response(status, headers, body)',
      '  if status >= 300 and failures < 3 then',
      '    failures = failures + 1',
      '    io.stderr:write("  wrk: HTTP " .. status .. " " .. string.sub(body or "", 1, 200) .. "\\n")',
      '  end',
      'end',
      '',
    ].join('\n'),
  );
  const lsim = startChild('lsim', home);
  const baseline = startChild('baseline');
  const [lsimUrl, baselineUrl] = await Promise.all([lsim.ready, baseline.ready]);
  const client = (endpoint) =>
    new LambdaClient({ endpoint, region: REGION, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' }, maxAttempts: 1 });
  const lsimClient = client(lsimUrl);
  const baselineClient = client(baselineUrl);
  const wrk = (url, connections, seconds) =>
    parseWrk(
      execFileSync(
        'wrk',
        [
          '-t',
          String(Math.min(2, connections)),
          '-c',
          String(connections),
          '-d',
          `${seconds}s`,
          '--timeout',
          '120s',
          '--latency',
          '-s',
          script,
          `${url}${INVOKE_PATH}`,
        ],
        { maxBuffer: 1 << 24 },
      ).toString(),
    );
  const section = 'serve';
  const add = (name, unit, value, baselineValue, goal, baselineName = 'trivial Node HTTP server, same wrk') =>
    report.add({ section, name: `lsim serve (${RUNTIME}) ${name}`, unit, value, baselineName, baseline: baselineValue, goal });
  try {
    await lsimClient.send(
      new CreateFunctionCommand({
        FunctionName: 'bench',
        Runtime: RUNTIME,
        Handler: RUNTIME.startsWith('python') ? 'lambda_function.handler' : 'index.handler',
        Role: `arn:aws:iam::${ACCOUNT}:role/bench`,
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
    // Warm MAX_CONCURRENCY environments (cold starts are not what this measures) with the SDK, every
    // round awaited whole: wrk ends a run with its requests still in flight, and cold ones would hold
    // their environments (and the concurrency limit) long after. Then run them long enough for each
    // runtime process to reach its steady state: a fresh node or python process is several times
    // slower per invoke for its first few hundred invokes.
    const invoke = (c) => c.send(new InvokeCommand({ FunctionName: 'bench', Payload: Buffer.from('{}') }));
    for (let round = 0; round < 3; round += 1) {
      // A cold start on a loaded machine can outlast a client's patience: counted, not fatal, here.
      const settled = await Promise.allSettled(Array.from({ length: MAX_CONCURRENCY }, () => invoke(lsimClient)));
      const failed = settled.filter((s) => s.status === 'rejected');
      if (failed.length > 0) console.error(`  warm-up round ${round + 1}: ${failed.length} invokes failed (${failed[0].reason})`);
    }
    wrk(lsimUrl, MAX_CONCURRENCY, SECONDS);
    wrk(baselineUrl, MAX_CONCURRENCY, SECONDS);

    for (const connections of CONCURRENCIES) {
      // LSIM_BENCH_PROFILE=FILE.cpuprofile: a CPU profile of the server during the concurrency-10 run
      // (node bench/flamegraph.mjs turns it into docs/flamegraphs/serve-warm.svg).
      const profiled = connections === 10 && process.env.LSIM_BENCH_PROFILE !== undefined;
      if (profiled) await lsim.ask('profile-start');
      if (connections === 1) await lsim.ask('phases-start');
      const lsimRun = wrk(lsimUrl, connections, SECONDS);
      const steps = connections === 1 ? (await lsim.ask('phases-stop')).phases : undefined;
      if (profiled) writeFileSync(process.env.LSIM_BENCH_PROFILE, JSON.stringify((await lsim.ask('profile-stop')).profile));
      const baseRun = wrk(baselineUrl, connections, SECONDS);
      // Failed requests (429s behind cold starts, timeouts on a loaded machine) are a figure of their own, not measured as invokes.
      if (lsimRun.errors + baseRun.errors > 0) {
        add(`failed requests, concurrency ${connections}, wrk`, 'requests', lsimRun.errors, baseRun.errors, { value: '<=', limit: 0 });
      }
      if (connections === 10) add('throughput, concurrency 10, wrk', 'invokes/s', lsimRun.rate, baseRun.rate, { ratio: '>=', limit: 0.12 });
      add(`p99, concurrency ${connections}, wrk`, 'ms', lsimRun.p99, baseRun.p99, { ratio: '<=', limit: 1.5 });
      if (connections === 1) add('p50, concurrency 1, wrk', 'ms', lsimRun.p50, baseRun.p50, { text: 'reported' });
      // Where a warm invoke's time goes, beside the trivial server's whole request in the same run
      // (docs/publish-serve-speed.md#the-tail-at-concurrency-1-segment-by-segment).
      if (steps !== undefined) {
        const whole = 'the trivial server, a whole request, same wrk';
        const step = {
          invoke: "the runtime's turnaround (event handed over to its answer)",
          'output-written': "lsim-entry's word that the markers are written (the caller's wait for them)",
          'output-markers': "the output markers' round trip (lsim-entry to the engine's attach stream, after the answer)",
        };
        for (const [phase, label] of Object.entries(step)) {
          const sorted = steps[phase].sort((a, b) => a - b);
          if (sorted.length === 0) continue;
          for (const p of [50, 99]) {
            const base = p === 50 ? baseRun.p50 : baseRun.p99;
            add(`concurrency 1, ${label}, p${p} of ${sorted.length}`, 'ms', pct(sorted, p), base, { text: 'reported' }, whole);
          }
        }
      }
    }

    // As a client sees it: the SDK's own cost (signing, parsing) is in both.
    const lsimLatency = await sequential(() => invoke(lsimClient));
    const baseLatency = await sequential(() => invoke(baselineClient));
    const sdk = 'trivial Node HTTP server, same SDK client';
    add('p50, concurrency 1, SDK client', 'ms', pct(lsimLatency, 50), pct(baseLatency, 50), { text: 'reported' }, sdk);
    add('p99, concurrency 1, SDK client', 'ms', pct(lsimLatency, 99), pct(baseLatency, 99), { ratio: '<=', limit: 1.5 }, sdk);

    // RSS under a long load, sampled every second by the server's child process itself (wrk blocks this
    // one): the figure is the end, its baseline the start; flat means a ratio near 1. The samples saw-tooth
    // with the garbage collector's cycles (tens of MB), so the goal is judged after a full collection at
    // both ends, and the RSS as it happened to be at the end is printed beside it.
    const rssStartGc = await lsim.rss('rss-after-gc');
    const rssStart = await lsim.rss();
    await lsim.ask({ sampleRss: true });
    const long = wrk(lsimUrl, 10, RSS_SECONDS);
    const samples = (await lsim.ask({ stopRss: true })).samples;
    const rssEnd = await lsim.rss();
    const rssEndGc = await lsim.rss('rss-after-gc');
    console.error(`  RSS samples (MB, every second): ${samples.map((rss) => (rss / 2 ** 20).toFixed(0)).join(' ')}`);
    const mb = (bytes) => bytes / 2 ** 20;
    const invokes = Math.round(long.rate * RSS_SECONDS);
    add(
      `RSS after a full GC, at the end of ${RSS_SECONDS} s at concurrency 10 (${invokes} invokes)`,
      'MB',
      mb(rssEndGc),
      mb(rssStartGc),
      { ratio: '<=', limit: 1.1 },
      'the same at the start',
    );
    add(
      `RSS at the end of those ${RSS_SECONDS} s, as it was`,
      'MB',
      mb(rssEnd),
      mb(rssStart),
      { text: 'reported' },
      'its RSS at the start',
    );
    add(
      `RSS peak during those ${RSS_SECONDS} s`,
      'MB',
      mb(Math.max(rssEnd, ...samples)),
      mb(rssStart),
      { text: 'reported' },
      'its RSS at the start',
    );
  } finally {
    lsimClient.destroy();
    baselineClient.destroy();
    await Promise.all([lsim.close(), baseline.close()]);
    // The server undoes the sandbox pool's shared mount when it stops; this is for a server that did not.
    spawnSync('umount', ['-R', join(home, 'sandboxes')], { stdio: 'ignore' });
    rmSync(home, { recursive: true, force: true });
  }
}

function pct(values, p) {
  return values[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
}

async function sequential(call) {
  const samples = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    const started = performance.now();
    // A reset connection on a loaded machine is counted, not fatal: the sample is left out.
    const failed = await call().then(
      () => false,
      (error) => (console.error(`  SDK invoke failed: ${error.message}`), true),
    );
    if (!failed) samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}
