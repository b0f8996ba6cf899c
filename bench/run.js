// `npm run bench`: lsim's performance figures, each printed beside a baseline measured in the same
// run on the same input, with the ratio. Not part of the tests. Needs the Docker engine for the
// execution-plane figures and `unzip` for the extraction baseline.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeZip } from '../dist/archive/zip-writer.js';
import { resolveConfig } from '../dist/common/config.js';
import { LambdaRegistry } from '../dist/registry/lambda-registry.js';
import { ExtractionCache } from '../dist/execution/extraction-cache.js';
import { prepareOptMount } from '../dist/execution/opt-mount.js';
import { DockerEngine } from '../dist/engine/docker-engine.js';
import { coldInvokeFigures } from './cold-invoke.mjs';
import { publishFigures } from './publish-bench.mjs';
import { Report, jsonFileArg, runForked, sectionFilter } from './report.mjs';
import { firstBuildFigures } from './first-build.mjs';
import { sandboxPoolFigures } from './sandbox-pool.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const lsimBin = join(root, 'bin/lsim.js');
const work = mkdtempSync(join(tmpdir(), 'lsim-bench-'));
const REPEAT = Number(process.env.LSIM_BENCH_REPEAT ?? 3);
const report = new Report();
const jsonFile = jsonFileArg();
const wanted = sectionFilter();

const now = () => performance.now();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function time(fn, repeat = REPEAT) {
  const samples = [];
  for (let i = 0; i < repeat; i += 1) {
    const started = now();
    fn(i);
    samples.push(now() - started);
  }
  return median(samples);
}
async function timeAsync(fn, repeat = REPEAT) {
  const samples = [];
  for (let i = 0; i < repeat; i += 1) {
    const started = now();
    await fn(i);
    samples.push(now() - started);
  }
  return median(samples);
}
function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.toString();
}
/** A goal written as text: `<= 1.5x` and `>= 0.12x` are judged on the ratio, anything else is printed only. */
function parseGoal(text) {
  const match = /^(<=|>=) ([\d.]+)x$/.exec(text);
  return match === null ? { text } : { ratio: match[1], limit: Number(match[2]) };
}
function record(name, ms, baselineName, baselineMs, goal) {
  report.add({ name, unit: 'ms', value: ms, baselineName, baseline: baselineMs, goal: typeof goal === 'string' ? parseGoal(goal) : goal });
}
function recordSize(name, bytes, baselineName, baselineBytes, goal) {
  report.add({ name, unit: 'bytes', value: bytes, baselineName, baseline: baselineBytes, goal: parseGoal(goal) });
}

/** A layer like a real dependency bundle: `files` files, `totalBytes` zipped, incompressible content. */
function layerZip(path, files, totalBytes) {
  const size = Math.floor(totalBytes / files);
  const entries = [];
  for (let i = 0; i < files; i += 1) {
    entries.push({ name: `python/pkg${i % 50}/module_${i}.py`, data: randomBytes(size), mode: 0o644 });
  }
  writeFileSync(path, makeZip(entries));
  return path;
}

function lsim(args, home) {
  return run('node', [lsimBin, ...args], { LSIM_HOME: home });
}

// ---- control plane ------------------------------------------------------------------------------
const bigZip = layerZip(join(work, 'big.zip'), 5000, 30 * 1024 * 1024);
if (wanted('publish')) {
  console.error('publish');
  await publishFigures({ work, lsimBin, bigZip, report });
}
if (wanted('control')) {
  console.error('control plane');
  const listHome = join(work, 'list-home');
  const registry = LambdaRegistry.open(resolveConfig({ home: listHome }, {}));
  const tinyZip = join(work, 'tiny.zip');
  writeFileSync(tinyZip, makeZip([{ name: 'python/x.py', data: 'x = 1\n' }]));
  for (let i = 0; i < 1000; i += 1) {
    await registry.publishLayerVersion({
      LayerName: `layer-${i % 100}`,
      Content: { ZipFilePath: tinyZip },
      CompatibleRuntimes: ['python3.12'],
    });
  }
  registry.close();
  const listMs = time(() => lsim(['list-layers'], listHome), 5);
  const nodeMs = time(() => run('node', ['-e', '0']), 5);
  record('list-layers, 1,000 layer versions', listMs, 'node -e 0', nodeMs, { text: '<= 300 ms wall' });
}

// ---- execution plane ----------------------------------------------------------------------------
console.error('execution plane');
const engine = new DockerEngine(resolveConfig({}, process.env));
let engineUp = true;
try {
  await engine.ping();
} catch (error) {
  engineUp = false;
  console.error(`  skipped: ${error.message}`);
}
if (engineUp && wanted('execution')) {
  const cache = new ExtractionCache(join(work, 'cache-home'));
  // A cache of its own per run, so each is a first extraction (the zip is verified against its SHA-256).
  const extractMs = await timeAsync(async (i) => {
    await new ExtractionCache(join(work, `first-extraction-${i}`)).ensure(bigZip);
  });
  const unzipMs = time((i) => run('unzip', ['-q', '-o', bigZip, '-d', join(work, `unzip-${i}`)]));
  record('first extraction, 30 MB / 5,000 files', extractMs, 'unzip -q', unzipMs, '<= 1.5x');

  const bigDirs = [];
  const smallDirs = [];
  for (let i = 0; i < 5; i += 1) {
    const zip = layerZip(join(work, `layer-${i}.zip`), 500, 30 * 1024 * 1024);
    bigDirs.push(await cache.ensure(zip));
    smallDirs.push(await cache.ensure(layerZip(join(work, `small-${i}.zip`), 5, 5000)));
  }
  const empty = await cache.empty();
  const prepare = async (dirs) => {
    for (const dir of dirs) await cache.ensure(join(work, 'unused.zip'), dir.split('/').pop());
    await prepareOptMount(engine, dirs, empty, work);
  };
  const optBigMs = await timeAsync(() => prepare(bigDirs), 5);
  const optSmallMs = await timeAsync(() => prepare(smallDirs), 5);
  record('/opt for 5 cached 30 MB layers', optBigMs, '/opt for 5 cached 1 KB layers', optSmallMs, '<= 10 ms, size-independent');
}
if (engineUp && wanted('cold')) {
  console.error('cold invoke per family');
  await coldInvokeFigures({ work, lsimBin, record, recordSize, median, repeat: Number(process.env.LSIM_BENCH_COLD_REPEAT ?? 5) });

  console.error('pre-provisioned sandboxes');
  await sandboxPoolFigures({ record, median, repeat: Number(process.env.LSIM_BENCH_COLD_REPEAT ?? 5) });
}

// ---- first builds, on an empty engine ----------------------------------------------------------
if (wanted('first-build')) {
  console.error('first builds');
  await firstBuildFigures({ work, lsimBin, record, recordSize, median });
}

// ---- lsim serve, in a process of its own (its servers are forked from it) ------------------------
if (engineUp && wanted('serve')) {
  console.error('lsim serve');
  // A failed serve run (a loaded machine's time-outs) still leaves the other sections' table and JSON.
  await runForked(report, join(root, 'bench/serve-bench.mjs')).catch((error) => console.error(`  serve bench failed: ${error.message}`));
}

const uptime = execFileSync('uptime').toString().trim();
console.log(`\n${report.table(`(${uptime})`)}`);
if (jsonFile !== undefined) {
  writeFileSync(jsonFile, `${JSON.stringify({ uptime, figures: report.figures }, null, 2)}\n`);
  console.error(`figures written to ${jsonFile}`);
}
rmSync(work, { recursive: true, force: true });
