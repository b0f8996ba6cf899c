import { asString, ResourceRef, type IntrinsicScope } from './intrinsics.js';
import { isMap } from './template-document.js';
import { templateError } from './template-error.js';

/** Typed reads of resolved property values, each error naming the property's place. */

export function optionalInteger(value: unknown, place: string): number | undefined {
  if (value === undefined) return undefined;
  // A Number parameter arrives as a string, as CloudFormation passes it.
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw templateError(place, 'must be an integer');
  return number;
}

export function optionalStringList(value: unknown, scope: IntrinsicScope, place: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw templateError(place, 'must be a list');
  return value.map((item, index) => asString(item, scope, `${place}[${index}]`));
}

export function optionalStringMap(value: unknown, scope: IntrinsicScope, place: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isMap(value) || value instanceof ResourceRef) throw templateError(place, 'must be a map');
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, asString(member, scope, `${place}.${key}`)]));
}
