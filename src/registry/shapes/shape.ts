/**
 * A small description language for the API model's input shapes (botocore's `service-2.json`,
 * docs/input-decoding.md): the JSON type of every member, whether it is required, where the REST
 * binding puts it (body, path, query string or header) and the model's constraints. One decoder
 * (decode.ts) reads every operation's input through these descriptions.
 */

/** Where the REST-JSON binding carries a member; `undefined` is the JSON body. */
export type Location = 'uri' | 'querystring' | 'header';

export interface StringShape {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern, implicitly anchored, quoted as is in the error text. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

export interface NumberShape {
  readonly type: 'integer' | 'long' | 'double';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape {
  readonly type: 'boolean';
}

/** Bytes: a Uint8Array from the library, base64 text in JSON (the server streams it out first). */
export interface BlobShape {
  readonly type: 'blob';
}

export interface ListShape {
  readonly type: 'list';
  readonly member: Shape;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape {
  readonly type: 'map';
  readonly value: Shape;
}

export interface Member {
  readonly shape: Shape;
  readonly required?: boolean;
  readonly location?: Location;
  /** The path segment, query parameter or header name, where it differs from the member name. */
  readonly locationName?: string;
}

export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, Member>>;
}

export type Shape = StringShape | NumberShape | BooleanShape | BlobShape | ListShape | MapShape | StructureShape;

// Builders, so the shape files read like the model.
export const string = (constraints: Omit<StringShape, 'type'> = {}): StringShape => ({ type: 'string', ...constraints });
export const integer = (constraints: Omit<NumberShape, 'type'> = {}): NumberShape => ({ type: 'integer', ...constraints });
export const long = (constraints: Omit<NumberShape, 'type'> = {}): NumberShape => ({ type: 'long', ...constraints });
export const double = (): NumberShape => ({ type: 'double' });
export const boolean = (): BooleanShape => ({ type: 'boolean' });
export const blob = (): BlobShape => ({ type: 'blob' });
export const list = (member: Shape, constraints: Omit<ListShape, 'type' | 'member'> = {}): ListShape => ({
  type: 'list',
  member,
  ...constraints,
});
export const map = (value: Shape): MapShape => ({ type: 'map', value });
export const structure = (members: Record<string, Member | Shape>): StructureShape => ({
  type: 'structure',
  members: Object.fromEntries(Object.entries(members).map(([name, member]) => [name, 'type' in member ? { shape: member } : member])),
});
export const required = (shape: Shape): Member => ({ shape, required: true });
export const inUri = (shape: Shape, locationName?: string): Member => ({
  shape,
  required: true,
  location: 'uri',
  ...(locationName === undefined ? {} : { locationName }),
});
export const inQuery = (shape: Shape, locationName?: string): Member => ({
  shape,
  location: 'querystring',
  ...(locationName === undefined ? {} : { locationName }),
});
export const inHeader = (shape: Shape, locationName: string): Member => ({ shape, location: 'header', locationName });
