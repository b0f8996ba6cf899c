import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeZip } from '../archive/zip-writer.js';
import { resolveConfig } from '../common/config.js';
import { LambdaRegistry } from '../registry/lambda-registry.js';
import { Registries } from './registries.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('Registries.resolveFunction', () => {
  it('answers from its cache until any connection (another process, say) changes the registry', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lsim-registries-'));
    const config = resolveConfig({ home, updateDelayMs: 0 }, {});
    const registries = new Registries(config);
    // Another connection to the same home, as the lsim CLI in another process would have.
    const cli = LambdaRegistry.open(config);
    cleanups.push(() => {
      registries.close();
      cli.close();
      rmSync(home, { recursive: true, force: true });
    });
    const identity = { accountId: config.accountId, region: config.region, accessKeyId: undefined };
    await cli.createFunction({
      FunctionName: 'f',
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Role: `arn:aws:iam::${config.accountId}:role/r`,
      Code: { ZipFile: makeZip([{ name: 'app.py', data: 'def handler(e, c):\n    return 1\n' }]) },
    });

    const first = registries.resolveFunction(identity, { FunctionName: 'f' });
    expect(registries.resolveFunction(identity, { FunctionName: 'f' })).toBe(first);
    expect(() => registries.resolveFunction(identity, { FunctionName: 'missing' })).toThrow(/Function not found/);

    const updated = await cli.updateFunctionConfiguration({ FunctionName: 'f', MemorySize: 256 });
    const second = registries.resolveFunction(identity, { FunctionName: 'f' });
    expect(second).not.toBe(first);
    expect(second.configuration.RevisionId).not.toBe(first.configuration.RevisionId);
    expect(updated.LastUpdateStatus).toBe('InProgress');
    expect(second.configuration.MemorySize).toBe(256);

    // Changes made through the server's own registries invalidate too.
    await registries.for(identity).updateFunctionConfiguration({ FunctionName: 'f', MemorySize: 512 });
    expect(registries.resolveFunction(identity, { FunctionName: 'f' }).configuration.MemorySize).toBe(512);
    cli.deleteFunction({ FunctionName: 'f' });
    expect(() => registries.resolveFunction(identity, { FunctionName: 'f' })).toThrow(/Function not found/);
  });
});
