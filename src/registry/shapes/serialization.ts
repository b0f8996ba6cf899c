import { LsimError } from '../../common/errors.js';

/**
 * The texts of the front end's SerializationException, raised when a JSON value has the wrong type
 * for its member, before any constraint is checked (docs/input-decoding.md has each text's source).
 */
export type ScalarTarget = 'a String' | 'an Integer' | 'a Long' | 'a Double' | 'a Boolean' | 'a Blob';

export const serializationError = (message: string): LsimError => new LsimError('SerializationException', message);

/** The JSON token the front end names: `NUMBER_VALUE`, `TRUE_VALUE`, ... */
function token(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'NUMBER_VALUE';
}

export const START_OF_LIST = 'Start of list found where not expected';
export const START_OF_STRUCTURE = 'Start of structure or map found where not expected.';

/** A list or an object where a scalar was expected, or a scalar of the wrong kind. */
export function notScalar(value: unknown, target: ScalarTarget): LsimError {
  if (Array.isArray(value)) return serializationError(START_OF_LIST);
  if (typeof value === 'object') return serializationError(START_OF_STRUCTURE);
  return serializationError(`${token(value)} can not be converted to ${target}`);
}

export function notList(value: unknown): LsimError {
  return serializationError(typeof value === 'object' ? START_OF_STRUCTURE : 'Expected list or null');
}

export function notMap(value: unknown): LsimError {
  return serializationError(Array.isArray(value) ? START_OF_LIST : 'Expected map or null');
}

export function notStructure(value: unknown): LsimError {
  return serializationError(Array.isArray(value) ? START_OF_LIST : 'Expected null');
}
