/**
 * Python's `str()` of a JSON value, which the aws CLI's text and table output print for every scalar
 * (awscli/text.py, awscli/table.py): `True`, `False`, `None`, numbers and strings as they are.
 */
export function pythonStr(value: unknown): string {
  if (value instanceof PythonFloat) return value.toString();
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pythonNumber(value);
  // Not reached for JSON scalars: lists and dicts are never printed with str() by these formatters.
  return JSON.stringify(value);
}

/**
 * A float whose value is integral, which Python prints `0.0` and JavaScript `0`: the JSON lsim
 * receives cannot tell them apart, but the model's `double` members in a generated skeleton can.
 */
export class PythonFloat {
  constructor(readonly value: number) {}

  toString(): string {
    const text = pythonNumber(this.value);
    return /^-?\d+$/.test(text) ? `${text}.0` : text;
  }
}

/** Integers print bare; floats keep a fractional part (`1.0`) or Python's exponent form (`1e+21`). */
function pythonNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  const text = String(value);
  return text.replace(/e\+?(-?)(\d)$/, (_m, sign: string, digit: string) => `e${sign === '-' ? '-' : '+'}0${digit}`);
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PythonFloat);

export const isScalar = (value: unknown): boolean => !Array.isArray(value) && !isObject(value);

/** Python's sorted() of str keys: by code point, which JavaScript's default sort of UTF-16 matches for BMP keys. */
export const sortedKeys = (keys: Iterable<string>): string[] => [...keys].sort();
