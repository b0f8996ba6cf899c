import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeZip } from '../archive/zip-writer.js';
import { resolveConfig } from '../common/config.js';
import { startServer } from '../composition/serve-services.js';

// Versions, aliases, the lifecycle window and account settings over HTTP: no engine needed.
const auth = 'AWS4-HMAC-SHA256 Credential=333333333333/20261125/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=00';
const FN = 'arn:aws:lambda:eu-west-1:333333333333:function:f';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serve(updateDelayMs: number): Promise<(method: string, path: string, body?: unknown) => Promise<Response>> {
  const home = mkdtempSync(join(tmpdir(), 'lsim-server-versions-'));
  const server = await startServer({ config: resolveConfig({ home, updateDelayMs }, {}), host: '127.0.0.1', port: 0 });
  cleanups.push(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });
  return (method, path, body) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

const createBody = {
  FunctionName: 'f',
  Runtime: 'python3.12',
  Handler: 'app.handler',
  Code: { ZipFile: makeZip([{ name: 'app.py', data: 'def handler(e, c):\n    return 1\n' }]).toString('base64') },
};

describe('versions and aliases over HTTP', () => {
  it('publishes and lists versions, manages aliases and reads through qualifiers', async () => {
    const call = await serve(0);
    expect((await call('POST', '/2015-03-31/functions', createBody)).status).toBe(201);
    const published = await call('POST', '/2015-03-31/functions/f/versions', { Description: 'one' });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ FunctionArn: `${FN}:1`, Version: '1', Description: 'one' });
    const versions = (await (await call('GET', '/2015-03-31/functions/f/versions?MaxItems=1')).json()) as {
      Versions: { Version: string }[];
      NextMarker: string;
    };
    expect(versions.Versions.map((version) => version.Version)).toEqual(['$LATEST']);
    const next = await call('GET', `/2015-03-31/functions/f/versions?Marker=${encodeURIComponent(versions.NextMarker)}`);
    expect(await next.json()).toMatchObject({ Versions: [{ Version: '1' }] });

    const created = await call('POST', '/2015-03-31/functions/f/aliases', { Name: 'live', FunctionVersion: '1' });
    expect(created.status).toBe(201);
    const alias = (await created.json()) as { AliasArn: string; RevisionId: string };
    expect(alias.AliasArn).toBe(`${FN}:live`);
    expect(await (await call('GET', '/2015-03-31/functions/f/aliases/live')).json()).toEqual(alias);
    const updated = await call('PUT', '/2015-03-31/functions/f/aliases/live', { Description: 'prod', RevisionId: alias.RevisionId });
    expect(await updated.json()).toMatchObject({ Description: 'prod', FunctionVersion: '1' });
    expect(await (await call('GET', '/2015-03-31/functions/f/aliases?FunctionVersion=1')).json()).toMatchObject({
      Aliases: [{ Name: 'live' }],
    });
    expect(await (await call('GET', '/2015-03-31/functions/f?Qualifier=live')).json()).toMatchObject({
      Configuration: { FunctionArn: `${FN}:live`, Version: '1' },
    });
    expect(await (await call('GET', `/2015-03-31/functions/${encodeURIComponent(`${FN}:1`)}/configuration`)).json()).toMatchObject({
      Version: '1',
    });
    const stale = await call('PUT', '/2015-03-31/functions/f/aliases/live', { RevisionId: alias.RevisionId });
    expect(stale.status).toBe(412);
    expect((await call('DELETE', '/2015-03-31/functions/f/aliases/live')).status).toBe(204);
    const gone = await call('GET', '/2015-03-31/functions/f/aliases/live');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ Type: 'User', Message: `Cannot find alias arn: ${FN}:live` });
    expect((await call('DELETE', '/2015-03-31/functions/f?Qualifier=1')).status).toBe(204);
    expect((await call('GET', '/2015-03-31/functions/f?Qualifier=1')).status).toBe(404);
  });

  it('answers 409 to an update while the function is Pending, and reports account usage', async () => {
    const call = await serve(60_000);
    await call('POST', '/2015-03-31/functions', createBody);
    const conflict = await call('PUT', '/2015-03-31/functions/f/configuration', { Timeout: 5 });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({
      Type: 'User',
      message: 'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    });
    const invoke = await call('POST', '/2015-03-31/functions/f/invocations', {});
    expect(invoke.status).toBe(409);
    expect(invoke.headers.get('x-amzn-errortype')).toBe('ResourceConflictException');
    const settings = (await (await call('GET', '/2016-08-19/account-settings/')).json()) as {
      AccountLimit: Record<string, number>;
      AccountUsage: Record<string, number>;
    };
    expect(Object.keys(settings.AccountLimit)).toEqual([
      'TotalCodeSize',
      'CodeSizeUnzipped',
      'CodeSizeZipped',
      'ConcurrentExecutions',
      'UnreservedConcurrentExecutions',
    ]);
    expect(settings.AccountUsage.FunctionCount).toBe(1);
    expect(settings.AccountUsage.TotalCodeSize).toBeGreaterThan(0);
  });
});
