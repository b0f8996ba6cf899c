import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../test/helpers/make-zip.js';
import { resolveConfig } from '../../common/config.js';
import { LambdaRegistry } from '../../registry/lambda-registry.js';
import { main } from '../main.js';
import { CapturedOutput } from '../output.js';
import { doctor } from './doctor.js';

const home = mkdtempSync(join(tmpdir(), 'lsim-doctor-cli-'));
// No Pending window: the function is examined right after it is created.
const env = { LSIM_HOME: home, AWS_REGION: 'us-east-1', LSIM_UPDATE_DELAY_MS: '0' };

async function run(argv: string[]): Promise<{ code: number; out: CapturedOutput }> {
  const out = new CapturedOutput();
  const code = await main(argv, { output: out, env, cwd: home, commands: [doctor] });
  return { code, out };
}

function zipFile(name: string, entries: Parameters<typeof makeZip>[0]): string {
  const path = join(home, name);
  writeFileSync(path, makeZip(entries));
  return path;
}

describe('lsim doctor', () => {
  it('prints a text report and exits 1 on errors', async () => {
    const layer = zipFile('bad.zip', [{ name: 'node_modules/x/index.js', data: '', mode: 0o644 }]);
    const { code, out } = await run(['doctor', '--runtime', 'nodejs20.x', '--layer', layer]);
    expect(code).toBe(1);
    expect(out.stdout).toContain('[node-modules-at-root]');
    expect(out.stdout).toContain('fix: Put the packages under nodejs/node_modules/');
  });

  it('prints the stable JSON report with --output json', async () => {
    const layer = zipFile('good.zip', [{ name: 'python/x.py', data: '', mode: 0o644 }]);
    const { code, out } = await run(['doctor', '--runtime', 'python3.13', '--layer', layer, '--output', 'json', '--tree']);
    expect(code).toBe(0);
    const report = JSON.parse(out.stdout) as { schemaVersion: number; findings: unknown[]; tree: string; provenance: unknown[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.findings).toEqual([]);
    expect(report.tree).toContain(`x.py  <- ${layer}`);
    expect(report.provenance).toEqual([{ path: '/opt/python', layers: [layer], winner: layer }]);
  });

  it('exits 0 on warnings, 1 with --strict', async () => {
    const layer = zipFile('warn.zip', [{ name: 'python/x.py', data: '', mode: 0o644 }]);
    const args = ['doctor', '--runtime', 'python3.12', '--layer', layer, '--environment', 'Variables={PYTHONPATH=/var/task}'];
    expect((await run(args)).code).toBe(0);
    expect((await run([...args, '--strict'])).code).toBe(1);
  });

  it('checks a registered function and its layer versions, with their metadata', async () => {
    const config = resolveConfig({ home }, env);
    const registry = LambdaRegistry.open(config);
    try {
      const layer = await registry.publishLayerVersion({
        LayerName: 'deps',
        CompatibleRuntimes: ['python3.9'],
        Content: { ZipFile: makeZip([{ name: 'python/lib/python3.9/site-packages/requests/__init__.py', data: '', mode: 0o644 }]) },
      });
      await registry.createFunction({
        FunctionName: 'fn',
        Runtime: 'python3.12',
        Handler: 'app.handler',
        Code: { ZipFile: makeZip([{ name: 'app.py', data: 'import requests\n', mode: 0o644 }]) },
        Layers: [layer.LayerVersionArn],
      });
    } finally {
      registry.close();
    }
    const { code, out } = await run(['doctor', '--function-name', 'fn', '--output', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out.stdout) as { findings: { code: string }[] };
    expect(report.findings.map((f) => f.code)).toEqual([
      'python-version-folder-mismatch',
      'import-not-found',
      'incompatible-runtime',
      'nearest-interpreter',
    ]);
  });

  it('needs a function or a runtime', async () => {
    const { code, out } = await run(['doctor', '--layer', 'x.zip']);
    expect(code).not.toBe(0);
    expect(out.stderr).toContain('lsim doctor needs --function-name');
  });
});
