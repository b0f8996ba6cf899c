import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { CapturedOutput } from '../output.js';

/** `lsim deploy -t` against the real registry in a home of its own (no engine needed: nothing runs). */
const EXAMPLE = fileURLToPath(new URL('../../../examples/sam-template/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'lsim-deploy-unit-'));
const app = join(root, 'app');
cpSync(EXAMPLE, app, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function lsim(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = new CapturedOutput();
  const code = await main(argv, { output, env: { LSIM_HOME: join(root, 'home'), LSIM_UPDATE_DELAY_MS: '20' }, cwd: app });
  return { code, stdout: output.stdout, stderr: output.stderr };
}

const published = async (...extra: string[]): Promise<unknown> => {
  const result = await lsim('deploy', '-t', 'template.yaml', ...extra);
  expect(result.code, result.stderr).toBe(0);
  const body = JSON.parse(result.stdout) as { Layers: { LayerVersionArn: string; Published: boolean }[]; Functions: { Action: string }[] };
  return [...body.Layers.map((layer) => `${layer.LayerVersionArn} ${String(layer.Published)}`), ...body.Functions.map((fn) => fn.Action)];
};

const ARN = 'arn:aws:lambda:us-east-1:123456789012:layer';

describe('lsim deploy', () => {
  it('publishes only changed layers, updates the function, deletes replaced versions its policy does not retain', async () => {
    expect(await published()).toEqual([`${ARN}:greeting-dev:1 true`, `${ARN}:format:1 true`, 'created']);
    expect(await published()).toEqual([`${ARN}:greeting-dev:1 false`, `${ARN}:format:1 false`, 'unchanged']);
    appendFileSync(join(app, 'layers/format/python/formatting.py'), '# changed\n');
    expect(await published()).toEqual([`${ARN}:greeting-dev:1 false`, `${ARN}:format:2 true`, 'updated']);
    const layers = await lsim('get-function-configuration', '--function-name', 'hello-dev', '--query', '[MemorySize, Layers[].Arn]');
    expect(JSON.parse(layers.stdout)).toEqual([256, [`${ARN}:greeting-dev:1`, `${ARN}:format:2`]]);
    // AWS::Lambda::LayerVersion's UpdateReplacePolicy defaults to Delete.
    const versions = await lsim('list-layer-versions', '--layer-name', 'format', '--query', 'LayerVersions[].Version');
    expect(JSON.parse(versions.stdout)).toEqual([2]);
  });

  it('a parameter override makes other layers and functions, with the condition applied', async () => {
    expect(await published('--parameter-overrides', 'Stage=prod')).toEqual([
      `${ARN}:greeting-prod:1 true`,
      `${ARN}:format:2 false`,
      'created',
    ]);
    const memory = await lsim('get-function-configuration', '--function-name', 'hello-prod', '--query', 'MemorySize');
    expect(memory.stdout.trim()).toBe('512');
  });

  it('refuses a template that is missing, with the aws CLI exit code for bad arguments', async () => {
    const result = await lsim('deploy', '-t', 'nope.yaml');
    expect(result.code).toBe(252);
    expect(result.stderr).toContain(`--template: no such file: ${join(app, 'nope.yaml')}`);
  });
});
