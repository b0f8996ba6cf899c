import { LsimError } from '../../common/errors.js';
import { formatList, ValidationErrors } from '../validation.js';
import type { ListShape, MapShape, NumberShape, Shape, StringShape, StructureShape } from './shape.js';
import { notList, notMap, notScalar, notStructure } from './serialization.js';

export interface DecodeOptions {
  /**
   * The input came over HTTP: members bound to the path, query string or headers are text, and
   * numbers and booleans among them are parsed from it. Library callers pass real values.
   */
  readonly http?: boolean;
}

/**
 * Turns an operation's untrusted input into its typed request, as Lambda's front end does before the
 * service sees it: a value of the wrong JSON type is a SerializationException (the first one found),
 * then every constraint violation is reported in one ValidationException. `null` is an absent
 * member; members the shape does not declare are dropped, as AWS ignores them
 * (docs/input-decoding.md).
 */
export function decodeStructure(shape: StructureShape, input: unknown, options: DecodeOptions = {}): Record<string, unknown> {
  const errors = new ValidationErrors();
  const decoded = new Decoder(errors, options.http === true).structure(shape, input ?? {}, []);
  errors.throwIfAny();
  return decoded;
}

type Path = readonly string[];

class Decoder {
  constructor(
    private readonly errors: ValidationErrors,
    private readonly http: boolean,
  ) {}

  value(shape: Shape, value: unknown, path: Path, located: boolean): unknown {
    switch (shape.type) {
      case 'string':
        return this.string(shape, value, path);
      case 'integer':
      case 'long':
      case 'double':
        return this.number(shape, located && this.http ? fromText(value, path) : value, path);
      case 'boolean':
        if (located && this.http && (value === 'true' || value === 'false')) return value === 'true';
        if (typeof value !== 'boolean') throw notScalar(value, 'a Boolean');
        return value;
      case 'blob':
        if (value instanceof Uint8Array) return value;
        if (typeof value === 'string') return Buffer.from(value, 'base64');
        throw notScalar(value, 'a Blob');
      case 'list':
        return this.list(shape, value, path);
      case 'map':
        return this.map(shape, value, path);
      case 'structure':
        return this.structure(shape, value, path);
    }
  }

  structure(shape: StructureShape, value: unknown, path: Path): Record<string, unknown> {
    if (!isObject(value)) throw notStructure(value);
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(shape.members)) {
      const given = value[name];
      const memberPath = [...path, name];
      if (given === undefined || given === null) {
        if (member.required === true)
          this.errors.addRaw(`Value null at '${field(memberPath)}' failed to satisfy constraint: Member must not be null`);
        continue;
      }
      out[name] = this.value(member.shape, given, memberPath, member.location !== undefined);
    }
    return out;
  }

  private string(shape: StringShape, value: unknown, path: Path): string {
    if (typeof value !== 'string') throw notScalar(value, 'a String');
    const at = field(path);
    if (shape.min !== undefined) this.errors.minLength(at, value, shape.min);
    if (shape.max !== undefined) this.errors.maxLength(at, value, shape.max);
    if (shape.pattern !== undefined) this.errors.pattern(at, value, shape.pattern);
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
      this.errors.add(at, value, `Member must satisfy enum value set: ${formatList(shape.enum)}`);
    }
    return value;
  }

  private number(shape: NumberShape, value: unknown, path: Path): number {
    const target = shape.type === 'integer' ? 'an Integer' : shape.type === 'long' ? 'a Long' : 'a Double';
    if (typeof value !== 'number' || !Number.isFinite(value)) throw notScalar(value, target);
    // A Double's range is the operation's business (AdditionalVersionWeights words its own, version-validation.ts).
    if (shape.type === 'double') return value;
    // Coral reads JSON numbers as a "TruncatingBigNumber": a fraction is dropped (unconfirmed, docs/input-decoding.md).
    const whole = Math.trunc(value);
    const limit = shape.type === 'integer' ? 2 ** 31 : Number.MAX_SAFE_INTEGER;
    if (whole >= limit || whole < -limit) throw notScalar(value, target);
    if (shape.min !== undefined || shape.max !== undefined) {
      this.errors.range(field(path), whole, shape.min ?? -Infinity, shape.max ?? Infinity);
    }
    return whole === 0 ? 0 : whole;
  }

  private list(shape: ListShape, value: unknown, path: Path): unknown[] {
    if (!Array.isArray(value)) throw notList(value);
    // A null element is dropped, as the front end drops it (docs/input-decoding.md).
    const items = value
      .filter((item) => item !== null && item !== undefined)
      .map((item: unknown, index) => this.value(shape.member, item, [...path, String(index + 1), 'member'], false));
    const shown = formatList(items.map((item) => String(item)));
    if (shape.min !== undefined && items.length < shape.min) {
      this.errors.add(field(path), shown, `Member must have length greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && items.length > shape.max) {
      this.errors.add(field(path), shown, `Member must have length less than or equal to ${shape.max}`);
    }
    return items;
  }

  private map(shape: MapShape, value: unknown, path: Path): Record<string, unknown> {
    if (!isObject(value)) throw notMap(value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null || item === undefined) continue;
      out[key] = this.value(shape.value, item, [...path, key], false);
    }
    return out;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** `ephemeralStorage.size`: the member path as Lambda's messages name it (lower-case first letters). */
function field(path: Path): string {
  return path.map((part) => part.charAt(0).toLowerCase() + part.slice(1)).join('.');
}

/** A number in a path segment or query string. Wording unconfirmed: lsim's, in the front end's style. */
function fromText(value: unknown, path: Path): unknown {
  if (typeof value !== 'string') return value;
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  throw new LsimError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${field(path)}' failed to satisfy constraint: Member must be a number`,
  );
}
