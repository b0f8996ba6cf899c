// The publish figures of `npm run bench`: `lsim publish-layer-version` of a 30 MB / 5,000-file zip beside
// what any publish must do at least, as shell tools do it (`sha256sum` + `unzip -tq` + `cp`: read the
// bytes, inflate every entry, keep a copy), the same publish through the library, and Node's own start-up
// beside the CLI's, so what lsim adds on top of `node` is visible. The samples are interleaved, so each
// figure and its baseline see the same load.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../dist/common/config.js';
import { LambdaRegistry } from '../dist/registry/lambda-registry.js';
import { cliStartupFigures } from './cli-startup.mjs';

const REPEAT = Number(process.env.LSIM_BENCH_PUBLISH_REPEAT ?? 7);

function timed(cmd, args, env = {}) {
  const started = performance.now();
  const result = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return performance.now() - started;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function publishFigures({ work, lsimBin, bigZip, report }) {
  const cliHome = join(work, 'publish-cli-home');
  const registry = LambdaRegistry.open(resolveConfig({ home: join(work, 'publish-library-home') }, {}));
  const publish = () => registry.publishLayerVersion({ LayerName: 'big', Content: { ZipFilePath: bigZip } });
  const copy = join(work, 'publish-baseline-copy.zip');
  const samples = { cli: [], library: [], baseline: [], node: [] };
  try {
    await publish(); // the page cache and the registry's first open
    for (let i = 0; i < REPEAT; i += 1) {
      samples.baseline.push(timed('sha256sum', [bigZip]) + timed('unzip', ['-tq', bigZip]) + timed('cp', [bigZip, copy]));
      rmSync(copy, { force: true });
      samples.cli.push(
        timed('node', [lsimBin, 'publish-layer-version', '--layer-name', 'big', '--zip-file', `fileb://${bigZip}`], { LSIM_HOME: cliHome }),
      );
      const started = performance.now();
      await publish();
      samples.library.push(performance.now() - started);
      samples.node.push(timed('node', ['-e', '0']));
    }
  } finally {
    registry.close();
  }
  const baselineName = 'sha256sum + unzip -tq + cp';
  const baseline = median(samples.baseline);
  const section = 'publish';
  const figure = (name, value, goal, base = baseline, baseName = baselineName) =>
    report.add({ section, name, unit: 'ms', value, baselineName: baseName, baseline: base, goal });
  figure('lsim publish-layer-version, 30 MB / 5,000 files', median(samples.cli), { ratio: '<=', limit: 1.3 });
  figure('publishLayerVersion through the library, same zip', median(samples.library), { ratio: '<=', limit: 1.0 });
  // What the CLI adds to the library's publish, beside what starting `node` alone costs.
  figure(
    'CLI publish minus library publish',
    median(samples.cli) - median(samples.library),
    { text: 'node start-up and little more' },
    median(samples.node),
    'node -e 0',
  );
  cliStartupFigures({ work, lsimBin, report });
}
