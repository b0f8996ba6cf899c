import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/common/config.js';
import { isLsimError } from '../../src/common/errors.js';
import { openLsim } from '../../src/lsim.js';
import { LambdaRegistry } from '../../src/registry/lambda-registry.js';
import { methodOf, OPERATION_SHAPES, type ApiOperation } from '../../src/registry/shapes/operation-shapes.js';
import type { LambdaServer } from '../../src/server/lambda-server.js';
import { startServer } from '../../src/composition/serve-services.js';
import { ROUTES } from '../../src/server/routes.js';
import { makeZip } from '../helpers/make-zip.js';
import { registrySnapshot } from '../helpers/registry-snapshot.js';

// Random JSON of wrong shapes, and random mutations of valid requests, for every operation: never a
// 5xx, never anything but a user LsimError, and a refused request leaves the registry as it was.
const zip = makeZip([{ name: 'index.js', data: 'exports.handler = async () => 1;' }]);
const LAYER_ARN = 'arn:aws:lambda:us-east-1:123456789012:layer:l:1';

/** A valid request per operation, on resources the setup creates (function `f`, layer `l` version 1). */
function valid(zipFile: unknown): Record<ApiOperation, Record<string, unknown>> {
  const version = { LayerName: 'l', VersionNumber: 1 };
  const filter = { CompatibleRuntime: 'python3.12', CompatibleArchitecture: 'x86_64', MaxItems: 10 };
  return {
    PublishLayerVersion: {
      LayerName: 'l',
      Content: { ZipFile: zipFile },
      Description: 'd',
      CompatibleRuntimes: ['python3.12'],
      CompatibleArchitectures: ['x86_64'],
      LicenseInfo: 'MIT',
    },
    ListLayers: filter,
    ListLayerVersions: { ...filter, LayerName: 'l' },
    GetLayerVersion: version,
    GetLayerVersionByArn: { Arn: LAYER_ARN },
    DeleteLayerVersion: version,
    AddLayerVersionPermission: { ...version, StatementId: 's1', Action: 'lambda:GetLayerVersion', Principal: '*' },
    RemoveLayerVersionPermission: { ...version, StatementId: 's1' },
    GetLayerVersionPolicy: version,
    CreateFunction: {
      FunctionName: 'g',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipFile },
      Timeout: 10,
      MemorySize: 256,
      Environment: { Variables: { AB: 'c' } },
      Layers: [LAYER_ARN],
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 1024 },
    },
    GetFunction: { FunctionName: 'f', Qualifier: '$LATEST' },
    GetFunctionConfiguration: { FunctionName: 'f' },
    ListFunctions: { MaxItems: 5 },
    UpdateFunctionConfiguration: { FunctionName: 'f', Description: 'x', Timeout: 10, Environment: { Variables: { AB: 'c' } }, Layers: [] },
    UpdateFunctionCode: { FunctionName: 'f', ZipFile: zipFile },
    DeleteFunction: { FunctionName: 'f' },
    PublishVersion: { FunctionName: 'f', Description: 'v' },
    ListVersionsByFunction: { FunctionName: 'f', MaxItems: 5 },
    CreateAlias: { FunctionName: 'f', Name: 'live', FunctionVersion: '$LATEST', Description: 'a' },
    ListAliases: { FunctionName: 'f', FunctionVersion: '$LATEST', MaxItems: 5 },
    GetAlias: { FunctionName: 'f', Name: 'live' },
    UpdateAlias: { FunctionName: 'f', Name: 'live', Description: 'b', RoutingConfig: { AdditionalVersionWeights: {} } },
    DeleteAlias: { FunctionName: 'f', Name: 'live' },
    GetAccountSettings: {},
  };
}

const OPERATIONS = Object.keys(OPERATION_SHAPES) as ApiOperation[];

/** Every member path of a value (`['Code', 'ZipFile']`), the value itself (`[]`) included. */
function paths(value: unknown, prefix: readonly string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return [[...prefix]];
  return [[...prefix], ...Object.entries(value).flatMap(([key, inner]) => paths(inner, [...prefix, key]))];
}

function replaced(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && replacement === undefined) delete copy[head];
  else copy[head] = replaced(copy[head], rest, replacement);
  return copy;
}

/** A wholly random input, or a valid one with one member (possibly a new one) replaced or removed. */
function inputs(templates: Record<ApiOperation, Record<string, unknown>>, junk: fc.Arbitrary<unknown>) {
  return fc.constantFrom(...OPERATIONS).chain((operation) => {
    const template = templates[operation];
    const spots = paths(template);
    const mutation = fc
      .tuple(fc.nat(spots.length), fc.string({ maxLength: 12 }), fc.option(junk, { nil: undefined }))
      .map(([index, extra, value]) => replaced(template, spots[index] ?? [extra], value));
    return fc.tuple(fc.constant(operation), fc.oneof(junk, mutation));
  });
}

const USER_CODES = new Set([
  'ValidationException',
  'SerializationException',
  'InvalidParameterValueException',
  'ResourceNotFoundException',
  'ResourceConflictException',
  'PreconditionFailedException',
  'AccessDeniedException',
  'InvalidRequestContentException',
  'RequestEntityTooLargeException',
  'ParamValidation',
  'UnsupportedOperation',
]);

let home: string;
let registry: LambdaRegistry;
let server: LambdaServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-decode-property-'));
  registry = LambdaRegistry.open(resolveConfig({ home, accountId: '123456789012', region: 'us-east-1' }, {}));
  server = await startServer({ config: resolveConfig({ home }, {}), host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

/** Puts back function `f` and layer version `l:1` when a valid mutation deleted them. */
async function restore(): Promise<void> {
  const fresh = valid(zip);
  if (registry.listFunctions({}).Functions.every((fn) => fn.FunctionName !== 'f')) {
    await registry.createFunction({ ...(fresh.CreateFunction as { Code: object }), FunctionName: 'f', Layers: [] } as never);
  }
  if (registry.listLayerVersions({ LayerName: 'l' }).LayerVersions.length === 0)
    await registry.publishLayerVersion({ LayerName: 'l', Content: { ZipFile: zip } });
}

function call(operation: ApiOperation, request: unknown): unknown {
  return (registry[methodOf(operation)] as (input: unknown) => unknown).call(registry, request);
}

describe('every operation, fed random and mutated input', () => {
  it('through the library: a user LsimError or success, and nothing stored on refusal', async () => {
    await fc.assert(
      fc.asyncProperty(inputs(valid(zip), fc.anything()), async ([operation, request]) => {
        await restore();
        const before = registrySnapshot(home);
        try {
          await call(operation, request);
        } catch (error) {
          if (!isLsimError(error) || !error.isUserError) throw error;
          expect(USER_CODES).toContain(error.code);
          expect(registrySnapshot(home)).toBe(before);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('over HTTP: never a 5xx, a Lambda-shaped error, and nothing stored on refusal', async () => {
    await fc.assert(
      fc.asyncProperty(inputs(valid(zip.toString('base64')), fc.jsonValue()), async ([operation, request]) => {
        await restore();
        const before = registrySnapshot(home);
        const response = await send(operation, request);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expect(USER_CODES).toContain(response.headers.get('x-amzn-errortype'));
          expect(Object.keys((await response.json()) as object)).toEqual(expect.arrayContaining([expect.stringMatching(/^(m|M)essage$/)]));
          expect(registrySnapshot(home)).toBe(before);
        } else {
          await response.arrayBuffer();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('Invoke through the library: a bad LogType is refused before anything runs', async () => {
    await using lsim = openLsim({ home, env: {} });
    await expect(lsim.invoke({ FunctionName: 'f', LogType: 'Bogus' as 'Tail' })).rejects.toMatchObject({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value 'Bogus' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]",
    });
  });

  it('Invoke over HTTP: bad headers and names are refused before anything runs', async () => {
    // The invocation type is always sent and never one that runs the function (an absent or empty
    // header means RequestResponse, which would start a container in a test that has no engine).
    const visible = (value: string): boolean => /^[\x21-\x7e]*$/.test(value);
    const header = fc.oneof(
      fc.constant('DryRun'),
      fc.string({ minLength: 1, maxLength: 20 }).filter((v) => visible(v) && v !== 'RequestResponse' && v !== 'Event'),
    );
    await fc.assert(
      fc.asyncProperty(header, fc.string({ maxLength: 20 }), fc.constantFrom('f', 'missing', 'a b', ''), async (type, logType, name) => {
        const headers = { 'x-amz-invocation-type': type, 'x-amz-log-type': logType };
        const response = await fetch(`${server.url}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {
          method: 'POST',
          headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => visible(value))),
          body: '{}',
        });
        expect(response.status).toBeLessThan(500);
        await response.arrayBuffer();
      }),
      { numRuns: 100 },
    );
  });
});

/** A URI or query member as text: random objects such as `{"toString":0}` cannot go through String(). */
function onWire(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** The request on the wire, as the REST binding of its shape says: path, query string, headers, body. */
function send(operation: ApiOperation, request: unknown): Promise<Response> {
  const route = ROUTES.find((candidate) => candidate.operation === operation);
  if (route === undefined) throw new Error(`no route for ${operation}`);
  const input = typeof request === 'object' && request !== null && !Array.isArray(request) ? (request as Record<string, unknown>) : {};
  const members = OPERATION_SHAPES[operation].members;
  const query = new URLSearchParams(route.query === undefined ? [] : [[route.query.name, route.query.value]]);
  let path = route.path;
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const location = members[name]?.location;
    if (location === 'uri') path = path.replace(`{${name}}`, encodeURIComponent(onWire(value)));
    else if (location === 'querystring') query.set(name, onWire(value));
    else body[name] = value;
  }
  const search = query.toString();
  const hasBody = route.method === 'POST' || route.method === 'PUT';
  return fetch(`${server.url}${path.replace(/\{[A-Za-z]+\}/g, 'x')}${search === '' ? '' : `?${search}`}`, {
    method: route.method,
    headers: { 'content-type': 'application/json' },
    ...(hasBody ? { body: JSON.stringify(typeof request === 'object' && request !== null ? body : request) } : {}),
  });
}
