import { intrinsicName } from './intrinsics.js';
import { isMap, type JsonMap } from './template-document.js';

/**
 * Globals.Function under a function's own properties, as SAM applies it: the resource's scalar
 * wins, maps are merged, lists are the global entries then the resource's
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html#sam-specification-template-anatomy-globals-overrides).
 * An intrinsic function is a value, not a map to merge.
 */
export function withGlobals(globals: JsonMap, properties: JsonMap): JsonMap {
  const out: Record<string, unknown> = { ...globals };
  for (const [key, value] of Object.entries(properties)) out[key] = merged(globals[key], value);
  return out;
}

function merged(global: unknown, own: unknown): unknown {
  if (Array.isArray(global) && Array.isArray(own)) return [...(global as unknown[]), ...(own as unknown[])];
  if (isPlainMap(global) && isPlainMap(own)) return withGlobals(global, own);
  return own;
}

function isPlainMap(value: unknown): value is JsonMap {
  return isMap(value) && intrinsicName(value) === undefined;
}
