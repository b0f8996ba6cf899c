import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../../test/helpers/make-zip.js';
import { resolveConfig } from '../../common/config.js';
import { LsimError } from '../../common/errors.js';
import { LambdaRegistry } from '../lambda-registry.js';
import { decodeStructure } from './decode.js';
import { decodeInvoke, decodeRequest } from './decode-request.js';
import { blob, inQuery, integer, list, map, required, string, structure } from './shape.js';

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof LsimError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

const SHAPE = structure({
  Name: required(string({ min: 1, max: 3, pattern: '[a-z]+' })),
  Count: integer({ min: 1, max: 10 }),
  Tags: list(string(), { max: 2 }),
  Env: structure({ Variables: map(string()) }),
  Data: blob(),
  Page: inQuery(integer({ min: 1 })),
});

describe('decodeStructure', () => {
  it('keeps declared members, drops unknown ones and nulls, and truncates fractions as Coral does', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(
      decodeStructure(SHAPE, {
        Name: 'ab',
        Count: 3.9,
        Tags: ['a', null],
        Env: { Variables: { K: 'v', N: null } },
        Data: bytes,
        Other: 1,
        Page: null,
      }),
    ).toEqual({ Name: 'ab', Count: 3, Tags: ['a'], Env: { Variables: { K: 'v' } }, Data: bytes });
    expect(decodeStructure(SHAPE, { Name: 'ab', Data: 'AQI=' }).Data).toEqual(Buffer.from([1, 2]));
  });

  it.each([
    [{ Name: 5 }, 'NUMBER_VALUE can not be converted to a String'],
    [{ Name: false }, 'FALSE_VALUE can not be converted to a String'],
    [{ Name: ['a'] }, 'Start of list found where not expected'],
    [{ Name: {} }, 'Start of structure or map found where not expected.'],
    [{ Name: 'a', Count: '3' }, 'STRING_VALUE can not be converted to an Integer'],
    [{ Name: 'a', Count: 2 ** 31 }, 'NUMBER_VALUE can not be converted to an Integer'],
    [{ Name: 'a', Tags: 'a' }, 'Expected list or null'],
    [{ Name: 'a', Tags: { a: 1 } }, 'Start of structure or map found where not expected.'],
    [{ Name: 'a', Tags: [1] }, 'NUMBER_VALUE can not be converted to a String'],
    [{ Name: 'a', Env: 'x' }, 'Expected null'],
    [{ Name: 'a', Env: [] }, 'Start of list found where not expected'],
    [{ Name: 'a', Env: { Variables: 'x' } }, 'Expected map or null'],
    [{ Name: 'a', Env: { Variables: [] } }, 'Start of list found where not expected'],
    [{ Name: 'a', Data: 5 }, 'NUMBER_VALUE can not be converted to a Blob'],
    ['text', 'Expected null'],
  ])('refuses %j with SerializationException %s', (input, message) => {
    expect(failure(() => decodeStructure(SHAPE, input))).toEqual({ code: 'SerializationException', message });
  });

  it('reports every constraint violation in one ValidationException, in member order', () => {
    expect(failure(() => decodeStructure(SHAPE, { Name: 'ABCD', Count: 0, Tags: ['a', 'b', 'c'] }))).toEqual({
      code: 'ValidationException',
      message:
        "4 validation errors detected: Value 'ABCD' at 'name' failed to satisfy constraint: Member must have length less than or equal to 3; " +
        "Value 'ABCD' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; " +
        "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '[a, b, c]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 2",
    });
    expect(failure(() => decodeStructure(SHAPE, {})).message).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('parses numbers from the text of query and path members only when the input came over HTTP', () => {
    expect(decodeStructure(SHAPE, { Name: 'a', Page: '7' }, { http: true }).Page).toBe(7);
    expect(failure(() => decodeStructure(SHAPE, { Name: 'a', Page: '7' })).code).toBe('SerializationException');
    expect(failure(() => decodeStructure(SHAPE, { Name: 'a', Count: '7' }, { http: true })).code).toBe('SerializationException');
  });
});

describe('operation decoding', () => {
  it('refuses a library caller’s wrong types before anything is stored', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lsim-decode-'));
    const registry = LambdaRegistry.open(resolveConfig({ home }, {}));
    try {
      const zip = makeZip([{ name: 'index.js', data: 'x' }]);
      const publish = registry.publishLayerVersion({ LayerName: 'l', Content: { ZipFile: zip }, Description: 12345 as unknown as string });
      await expect(publish).rejects.toMatchObject({
        code: 'SerializationException',
        message: 'NUMBER_VALUE can not be converted to a String',
      });
      expect(registry.listLayers({}).Layers).toEqual([]);
    } finally {
      registry.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('decodes Invoke’s headers with their enums', () => {
    expect(decodeInvoke({ FunctionName: 'f', LogType: 'Tail' })).toEqual({ FunctionName: 'f', LogType: 'Tail' });
    expect(failure(() => decodeInvoke({ FunctionName: 'f', LogType: 'Bogus' })).message).toBe(
      "1 validation error detected: Value 'Bogus' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]",
    );
    expect(decodeRequest('GetFunction', { FunctionName: 'f', Extra: 1 })).toEqual({ FunctionName: 'f' });
  });
});
