import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../archive/zip-writer.js';
import { resolveConfig } from '../common/config.js';
import { LsimError } from '../common/errors.js';
import type { LambdaServer } from './lambda-server.js';
import { startServer } from '../composition/serve-services.js';
import { SigV4Verifier, type SignedRequest } from './sigv4.js';

// AWS's SigV4 test suite (get-vanilla, post-x-www-form-urlencoded): neither sends x-amz-content-sha256,
// so the verifier hashes the body itself.
const SUITE_KEYS = new Map([['AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY']]);
const SUITE_NOW = Date.UTC(2015, 7, 30, 12, 36, 0);
const suiteAuth = (signedHeaders: string, signature: string): string =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signedHeaders}, Signature=${signature}`;

function verify(verifier: SigV4Verifier, request: SignedRequest, body = ''): void {
  const check = verifier.begin(request);
  check.update(Buffer.from(body));
  check.finish();
}

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof LsimError ? error.code : String(error);
  }
}

describe('SigV4Verifier on the AWS test suite', () => {
  const verifier = new SigV4Verifier(SUITE_KEYS, () => SUITE_NOW);
  const vanilla: SignedRequest = {
    method: 'GET',
    url: '/',
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: suiteAuth('host;x-amz-date', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'),
    },
  };
  const form: SignedRequest = {
    method: 'POST',
    url: '/',
    headers: {
      host: 'example.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded',
      'x-amz-date': '20150830T123600Z',
      authorization: suiteAuth('content-type;host;x-amz-date', 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a'),
    },
  };

  it('accepts the suite signatures, hashing the body it read', () => {
    expect(codeOf(() => verify(verifier, vanilla))).toBeUndefined();
    expect(codeOf(() => verify(verifier, form, 'Param1=value1'))).toBeUndefined();
  });

  it('refuses a changed body, method, path, query or signed header', () => {
    expect(codeOf(() => verify(verifier, form, 'Param1=value2'))).toBe('InvalidSignatureException');
    expect(codeOf(() => verify(verifier, { ...vanilla, method: 'DELETE' }))).toBe('InvalidSignatureException');
    expect(codeOf(() => verify(verifier, { ...vanilla, url: '/other' }))).toBe('InvalidSignatureException');
    expect(codeOf(() => verify(verifier, { ...vanilla, url: '/?a=b' }))).toBe('InvalidSignatureException');
    expect(codeOf(() => verify(verifier, { ...vanilla, headers: { ...vanilla.headers, host: 'evil.example' } }))).toBe(
      'InvalidSignatureException',
    );
  });

  it('refuses unknown keys, missing or malformed headers and skewed clocks before the body', () => {
    expect(codeOf(() => new SigV4Verifier(new Map([['OTHER', 'x']]), () => SUITE_NOW).begin(vanilla))).toBe('UnrecognizedClientException');
    const { authorization: _dropped, ...unsigned } = vanilla.headers;
    expect(codeOf(() => verifier.begin({ ...vanilla, headers: unsigned }))).toBe('MissingAuthenticationTokenException');
    expect(codeOf(() => verifier.begin({ ...vanilla, headers: { ...vanilla.headers, authorization: 'AWS4-HMAC-SHA256 nonsense' } }))).toBe(
      'IncompleteSignatureException',
    );
    const late = new SigV4Verifier(SUITE_KEYS, () => SUITE_NOW + 16 * 60 * 1000);
    let message = '';
    try {
      late.begin(vanilla);
    } catch (error) {
      message = error instanceof LsimError ? `${error.code}: ${error.message}` : '';
    }
    expect(message).toBe(
      'InvalidSignatureException: Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)',
    );
  });
});

describe('lsim serve --verify-signatures with @aws-sdk/client-lambda', () => {
  let home: string;
  let server: LambdaServer;
  const clients: LambdaClient[] = [];
  const client = (
    accessKeyId: string,
    secretAccessKey: string,
    extra: Partial<ConstructorParameters<typeof LambdaClient>[0]> = {},
  ): LambdaClient => {
    const made = new LambdaClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
      ...extra,
    });
    clients.push(made);
    return made;
  };
  const failure = async (promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> => {
    try {
      await promise;
    } catch (error) {
      const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
      return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'lsim-sigv4-'));
    const config = resolveConfig({ home, credentials: '111122223333:right/secret+key,AKIDOTHER:other' }, {});
    server = await startServer({ config, host: '127.0.0.1', port: 0, credentials: config.credentials });
  });
  afterAll(async () => {
    for (const made of clients) made.destroy();
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('accepts signed requests: query strings, encoded ARNs in the path, JSON bodies', async () => {
    const lambda = client('111122223333', 'right/secret+key');
    const zip = makeZip([{ name: 'python/m.py', data: 'x = 1\n' }]);
    const published = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'arn:aws:lambda:eu-west-1:111122223333:layer:signed', Content: { ZipFile: zip } }),
    );
    expect(published.LayerVersionArn).toBe('arn:aws:lambda:eu-west-1:111122223333:layer:signed:1');
    const listed = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'signed', MaxItems: 5, CompatibleRuntime: 'python3.12' }));
    expect(listed.LayerVersions).toEqual([]);
    // Past the signature check (reserved characters in the query sign correctly), into the registry's own checks.
    const marker = await failure(lambda.send(new ListLayerVersionsCommand({ LayerName: 'signed', Marker: "a b+c/d=e&f*~'" })));
    expect(marker.name).toBe('InvalidParameterValueException');
    expect((await lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
    const missing = await failure(
      lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:111122223333:function:nope' })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    // Download URLs carry their own signature and need no SigV4.
    const download = await fetch(published.Content?.Location ?? '');
    expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true);
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    const wrong = await failure(client('111122223333', 'wrong').send(new ListFunctionsCommand({})));
    expect(wrong.status).toBe(403);
    expect(wrong.name).toBe('InvalidSignatureException');
    expect(wrong.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key/,
    );
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const unknown = await failure(client('999999999999', 'right/secret+key').send(new ListFunctionsCommand({})));
    expect(unknown).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
  });

  it('refuses a body changed after signing, and does not act on it', async () => {
    const lambda = client('111122223333', 'right/secret+key');
    lambda.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown };
        const body = request.body;
        const text =
          body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') : String(body);
        request.body = text.replace('harmless', 'tampered');
        return next(args);
      },
      { step: 'deserialize', name: 'tamperAfterSigning' },
    );
    const zip = makeZip([{ name: 'python/m.py', data: 'y = 2\n' }]);
    const tampered = await failure(
      lambda.send(new PublishLayerVersionCommand({ LayerName: 'tampered', Description: 'harmless', Content: { ZipFile: zip } })),
    );
    expect(tampered.name).toBe('InvalidSignatureException');
    const listed = await client('111122223333', 'right/secret+key').send(new ListLayerVersionsCommand({ LayerName: 'tampered' }));
    expect(listed.LayerVersions).toEqual([]);
  });

  it('refuses a signature made more than 15 minutes ago', async () => {
    const skewed = await failure(
      client('111122223333', 'right/secret+key', { systemClockOffset: -20 * 60 * 1000 }).send(new ListFunctionsCommand({})),
    );
    expect(skewed.name).toBe('InvalidSignatureException');
    expect(skewed.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  it('refuses unsigned requests with MissingAuthenticationTokenException', async () => {
    const response = await new Promise<{ status: number | undefined; type: unknown; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/2015-03-31/functions/`, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, type: res.headers['x-amzn-errortype'], body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(response.status).toBe(403);
    expect(response.type).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(response.body)).toMatchObject({ message: 'Missing Authentication Token' });
  });
});
