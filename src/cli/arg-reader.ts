import { parseIntegerValue, parseLongArgument } from './params/integer-param.js';
import { parseStringList } from './params/list-param.js';
import { resolveParamfile, type ParamfileContext } from './params/paramfile.js';
import { parseStructure } from './params/structure-param.js';
import type { StructureShape } from './params/structure-shape.js';
import { parseZipFile } from './params/zip-file-param.js';
import { UsageError } from './usage-error.js';

/**
 * A command's parsed arguments, read by CLI name (`layer-name`) and converted the way the aws CLI
 * converts each parameter type. Every accessor returns undefined when the option was not given.
 */
export class ArgReader {
  private readonly raw: Readonly<Record<string, unknown>>;

  constructor(
    raw: Readonly<Record<string, unknown>>,
    private readonly files: ParamfileContext,
    listNames: ReadonlySet<string> = new Set(),
    /** The shapes of the structure options given, by option name (loadStructureShapes). */
    private readonly structures: ReadonlyMap<string, StructureShape> = new Map(),
  ) {
    // A scalar option given twice keeps its last value, as in the aws CLI.
    this.raw = Object.fromEntries(
      Object.entries(raw).map(([name, value]) => [name, Array.isArray(value) && !listNames.has(name) ? value.at(-1) : value]),
    );
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    return typeof value === 'string' ? resolveParamfile(`--${name}`, value, this.files) : undefined;
  }

  /** For options declared required: the dispatcher has already reported them missing. */
  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw new UsageError(`the following arguments are required: --${name}`);
    return value;
  }

  requiredLong(name: string): number {
    const value = this.long(name);
    if (value === undefined) throw new UsageError(`the following arguments are required: --${name}`);
    return value;
  }

  long(name: string): number | undefined {
    const value = this.raw[name];
    return typeof value === 'string' ? parseLongArgument(`--${name}`, value) : undefined;
  }

  integer(name: string): number | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : parseIntegerValue(value);
  }

  /** The value as typed, without `file://` expansion (for options that take `fileb://` themselves). */
  rawString(name: string): string | undefined {
    const value = this.raw[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** A positional argument, taken literally (no `file://` expansion: it names an output file). */
  positional(name: string): string {
    const value = this.raw[name];
    if (typeof value !== 'string') throw new UsageError(`the following arguments are required: ${name}`);
    return value;
  }

  /** A repeatable option (`--layer a --layer b`), values in the order given. */
  repeated(name: string): string[] {
    const value = this.raw[name];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map(String);
  }

  flag(name: string): boolean {
    return this.raw[name] === true;
  }

  /** `memberName` is the API member (`Layers`) that botocore's messages name. */
  list(name: string, memberName: string): string[] | undefined {
    const value = this.raw[name];
    if (!Array.isArray(value)) return undefined;
    const values = value.map(String);
    const [single] = values;
    const resolved = values.length === 1 && single !== undefined ? [resolveParamfile(`--${name}`, single, this.files)] : values;
    return parseStringList(`--${name}`, memberName, resolved);
  }

  structure<T>(name: string): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const shape = this.structures.get(name);
    if (shape === undefined) throw new Error(`no structure shape was loaded for --${name}`);
    return parseStructure<T>(`--${name}`, value, shape);
  }

  zipFile(name: string): { ZipFilePath: string } | undefined {
    const value = this.raw[name];
    return typeof value === 'string' ? parseZipFile(`--${name}`, value, this.files) : undefined;
  }
}
