import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../archive/zip-writer.js';
import { resolveConfig } from '../common/config.js';
import type { LambdaServer } from './lambda-server.js';
import { startServer } from '../composition/serve-services.js';

// Malformed requests over HTTP, each answered as Lambda's front end answers it (docs/input-decoding.md).
let home: string;
let server: LambdaServer;
const zip = makeZip([{ name: 'index.js', data: 'exports.handler = async () => 1;' }]).toString('base64');
const fn = { FunctionName: 'g', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } };
const layer = { Content: { ZipFile: zip } };

const call = (method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-malformed-'));
  server = await startServer({ config: resolveConfig({ home, updateDelayMs: 0 }, {}), host: '127.0.0.1', port: 0 });
  expect((await call('POST', '/2015-03-31/functions', JSON.stringify({ ...fn, FunctionName: 'f' }))).status).toBe(201);
  expect((await call('POST', '/2018-10-31/layers/l/versions', JSON.stringify(layer))).status).toBe(201);
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

const PUBLISH = ['POST', '/2018-10-31/layers/l/versions'] as const;
const CREATE = ['POST', '/2015-03-31/functions'] as const;
const CONFIGURE = ['PUT', '/2015-03-31/functions/f/configuration'] as const;
const POLICY = ['POST', '/2018-10-31/layers/l/versions/1/policy'] as const;
const INVOKE = ['POST', '/2015-03-31/functions/f/invocations'] as const;
const json = (value: unknown): string => JSON.stringify(value);
const deepList = '['.repeat(20_000) + ']'.repeat(20_000);
const deepObject = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
const notNull = (member: string): string => `Value null at '${member}' failed to satisfy constraint: Member must not be null`;
const validation = (...problems: string[]): string =>
  `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`;

type Case = readonly [string, readonly [string, string], string | undefined, number, string, string, Record<string, string>?];

const CASES: readonly Case[] = [
  ['publish {}', PUBLISH, '{}', 400, 'ValidationException', validation(notNull('content'))],
  ['publish Content: null', PUBLISH, '{"Content":null}', 400, 'ValidationException', validation(notNull('content'))],
  [
    'publish ZipFile: 5',
    PUBLISH,
    '{"Content":{"ZipFile":5}}',
    400,
    'SerializationException',
    'NUMBER_VALUE can not be converted to a Blob',
  ],
  [
    'publish CompatibleRuntimes as a string',
    PUBLISH,
    json({ ...layer, CompatibleRuntimes: 'python3.12' }),
    400,
    'SerializationException',
    'Expected list or null',
  ],
  [
    'publish Description as an object',
    PUBLISH,
    json({ ...layer, Description: { text: 'x' } }),
    400,
    'SerializationException',
    'Start of structure or map found where not expected.',
  ],
  ['create {}', CREATE, '{}', 400, 'ValidationException', validation(notNull('functionName'), notNull('code'))],
  ['create Code: null', CREATE, json({ ...fn, Code: null }), 400, 'ValidationException', validation(notNull('code'))],
  [
    'create Architectures as a string',
    CREATE,
    json({ ...fn, Architectures: 'x86_64' }),
    400,
    'SerializationException',
    'Expected list or null',
  ],
  [
    'create Code 20,000 lists deep',
    CREATE,
    `{"FunctionName":"g","Runtime":"nodejs20.x","Handler":"index.handler","Code":${deepList}}`,
    400,
    'SerializationException',
    'Start of list found where not expected',
  ],
  [
    'create a variable 20,000 objects deep',
    CREATE,
    `{"FunctionName":"g","Runtime":"nodejs20.x","Handler":"index.handler","Code":{"ZipFile":"${zip}"},"Environment":{"Variables":{"A":${deepObject}}}}`,
    400,
    'SerializationException',
    'Start of structure or map found where not expected.',
  ],
  [
    'configure Layers as an object',
    CONFIGURE,
    '{"Layers":{"a":1}}',
    400,
    'SerializationException',
    'Start of structure or map found where not expected.',
  ],
  [
    'configure Description: true',
    CONFIGURE,
    '{"Description":true}',
    400,
    'SerializationException',
    'TRUE_VALUE can not be converted to a String',
  ],
  [
    'configure Handler as a list',
    CONFIGURE,
    '{"Handler":["index.handler"]}',
    400,
    'SerializationException',
    'Start of list found where not expected',
  ],
  [
    'code ZipFile: 5',
    ['PUT', '/2015-03-31/functions/f/code'],
    '{"ZipFile":5}',
    400,
    'SerializationException',
    'NUMBER_VALUE can not be converted to a Blob',
  ],
  [
    'add permission {}',
    POLICY,
    '{}',
    400,
    'ValidationException',
    validation(notNull('statementId'), notNull('action'), notNull('principal')),
  ],
  // Wrong types that were once accepted.
  [
    'create FunctionName as a list',
    CREATE,
    json({ ...fn, FunctionName: ['x'] }),
    400,
    'SerializationException',
    'Start of list found where not expected',
  ],
  ['create Environment as a string', CREATE, json({ ...fn, Environment: 'x' }), 400, 'SerializationException', 'Expected null'],
  [
    'create Timeout: "3"',
    CREATE,
    json({ ...fn, Timeout: '3' }),
    400,
    'SerializationException',
    'STRING_VALUE can not be converted to an Integer',
  ],
  [
    'create MemorySize: "big"',
    CREATE,
    json({ ...fn, MemorySize: 'big' }),
    400,
    'SerializationException',
    'STRING_VALUE can not be converted to an Integer',
  ],
  [
    'add permission StatementId: 7',
    POLICY,
    json({ StatementId: 7, Action: 'lambda:GetLayerVersion', Principal: '*' }),
    400,
    'SerializationException',
    'NUMBER_VALUE can not be converted to a String',
  ],
  [
    'add permission Action as a list',
    POLICY,
    json({ StatementId: 's', Action: ['lambda:GetLayerVersion'], Principal: '*' }),
    400,
    'SerializationException',
    'Start of list found where not expected',
  ],
  ['create Layers: "notalist"', CREATE, json({ ...fn, Layers: 'notalist' }), 400, 'SerializationException', 'Expected list or null'],
  [
    'invoke X-Amz-Log-Type: Bogus',
    INVOKE,
    '{}',
    400,
    'ValidationException',
    validation("Value 'Bogus' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]"),
    { 'x-amz-log-type': 'Bogus' },
  ],
  [
    'invoke X-Amz-Invocation-Type: Bogus',
    INVOKE,
    '{}',
    400,
    'ValidationException',
    validation(
      "Value 'Bogus' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    ),
    { 'x-amz-invocation-type': 'Bogus' },
  ],
  // Query and path members.
  [
    'list layers MaxItems=0',
    ['GET', '/2018-10-31/layers?MaxItems=0'],
    undefined,
    400,
    'ValidationException',
    validation("Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"),
  ],
  [
    'list functions MaxItems=10001',
    ['GET', '/2015-03-31/functions?MaxItems=10001'],
    undefined,
    400,
    'ValidationException',
    validation("Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000"),
  ],
  [
    'list layer versions MaxItems=many',
    ['GET', '/2018-10-31/layers/l/versions?MaxItems=many'],
    undefined,
    400,
    'ValidationException',
    validation("Value 'many' at 'maxItems' failed to satisfy constraint: Member must be a number"),
  ],
  [
    'get function with a bad Qualifier',
    ['GET', '/2015-03-31/functions/f?Qualifier=a%20b'],
    undefined,
    400,
    'ValidationException',
    validation(
      "Value 'a b' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+",
    ),
  ],
];

describe('malformed requests over HTTP', () => {
  for (const [name, [method, path], body, status, code, message, headers] of CASES) {
    it(name, async () => {
      const response = await call(method, path, body, headers);
      expect(response.status).toBe(status);
      expect(response.headers.get('x-amzn-errortype')).toBe(code);
      // The front end's two errors carry no `Type` member (docs/lambda-facts.md#error-wire-format).
      expect(await response.json()).toEqual({ message });
    });
  }

  it('reads an explicit null as an absent member, so Environment {Variables: null} clears the variables', async () => {
    expect((await call(...CONFIGURE, json({ Environment: { Variables: { AB: 'c' } } }))).status).toBe(200);
    const cleared = await call(...CONFIGURE, '{"Environment":{"Variables":null},"Description":null}');
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({ Environment: { Variables: {} }, Description: '' });
  });

  it('ignores members the shape does not declare', async () => {
    const response = await call(...CONFIGURE, json({ Description: 'kept', Bogus: { deep: [1, 2] }, FunctionName: 'other' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ FunctionName: 'f', Description: 'kept' });
  });
});
