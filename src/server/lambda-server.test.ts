import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../archive/zip-writer.js';
import { resolveConfig } from '../common/config.js';
import type { LambdaServer } from './lambda-server.js';
import { startServer } from '../composition/serve-services.js';

// The control plane over HTTP needs no engine: these run without Docker.
let home: string;
let server: LambdaServer;
const auth = 'AWS4-HMAC-SHA256 Credential=333333333333/20261125/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=00';

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-server-unit-'));
  server = await startServer({ config: resolveConfig({ home }, {}), host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: string): Promise<Response> =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });

describe('LambdaServer without Docker', () => {
  it('streams a published zip to the blob store under the caller identity', async () => {
    const zip = makeZip([{ name: 'python/big.bin', data: Buffer.alloc(3 * 1024 * 1024, 7), store: true }]);
    const response = await call(
      'POST',
      '/2018-10-31/layers/big/versions',
      JSON.stringify({ Content: { ZipFile: zip.toString('base64') } }),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as { LayerVersionArn: string; Content: { CodeSize: number; Location: string } };
    expect(body.LayerVersionArn).toBe('arn:aws:lambda:eu-west-1:333333333333:layer:big:1');
    expect(body.Content.CodeSize).toBe(zip.length);
    const download = Buffer.from(await (await fetch(body.Content.Location)).arrayBuffer());
    expect(download.equals(zip)).toBe(true);
    expect(readdirSync(join(home, 'blobs', 'tmp'))).toEqual([]);
  });

  it('ignores a client-sent ZipFilePath', async () => {
    const response = await call('POST', '/2018-10-31/layers/sneaky/versions', JSON.stringify({ Content: { ZipFilePath: '/etc/passwd' } }));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
  });

  it('applies the request size limits and JSON checks', async () => {
    const big = await call('PUT', '/2015-03-31/functions/f/configuration', JSON.stringify({ Description: 'x'.repeat(6000) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      Type: 'User',
      message: 'Request must be smaller than 5120 bytes for the UpdateFunctionConfiguration operation',
    });
    const broken = await call('POST', '/2015-03-31/functions', '{"FunctionName":');
    expect(broken.status).toBe(400);
    expect(broken.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
  });

  it('answers 204 with no body, 404 for unknown routes, 403 for unsigned blob URLs', async () => {
    expect((await call('GET', '/2015-03-31/functions/missing')).status).toBe(404);
    const unknown = await call('POST', '/2015-03-31/event-source-mappings');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnsupportedOperation');
    expect((await fetch(`${server.url}/lsim/blobs/${'a'.repeat(64)}`)).status).toBe(403);
    const listed = await call('GET', '/2015-03-31/functions/');
    expect(await listed.json()).toEqual({ Functions: [] });
  });

  it("keeps an idle keep-alive connection open past Node's 5 s default, so an SDK reusing it is not reset", async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let closedAfterMs: number | undefined;
    let answered = '';
    const opened = performance.now();
    socket.on('data', (chunk: Buffer) => (answered += chunk.toString('latin1')));
    socket.on('close', () => (closedAfterMs = performance.now() - opened));
    socket.write(`GET /2015-03-31/functions/ HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\n\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 6500));
    expect(answered).toMatch(/^HTTP\/1\.1 200 /);
    expect(closedAfterMs).toBeUndefined();
    socket.destroy();
  }, 15_000);
});
