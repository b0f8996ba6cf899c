import type { ArgReader } from './arg-reader.js';
import type { CliContext } from './context.js';
import type { StructureName } from './params/structure-shape.js';

/**
 * How an option's value is read. `long` is converted by the parser (a bad value is a usage error),
 * `integer` after parsing (Python's int() message), as the aws CLI does for its two number types.
 */
/** `repeated`: one value per occurrence, every occurrence kept (`--layer a --layer b`). */
export type OptionKind = 'string' | 'long' | 'integer' | 'list' | 'repeated' | 'structure' | 'blob' | 'boolean';

export interface OptionSpec {
  readonly kind: OptionKind;
  readonly describe: string;
  readonly required?: boolean;
  /** Accepted but not in `--help`, like the aws CLI's undocumented `--marker`. */
  readonly hidden?: boolean;
  /** A one-letter form, for the options of SAM's commands lsim takes (`-t` for `--template`). */
  readonly short?: string;
  /** A `structure` option's API member, whose model shape its value is read against (params/structure-shape.ts). */
  readonly shape?: StructureName;
}

export interface PositionalSpec {
  readonly name: string;
  readonly describe: string;
}

/**
 * What a command hands back when a JSON response is not the whole story: `lsim invoke` prints the
 * metadata JSON and chooses no exit code, `lsim doctor` prints a report and exits 1 on errors.
 */
export class CommandOutcome {
  constructor(readonly result: { readonly json?: unknown; readonly text?: string; readonly exitCode?: number }) {}
}

/** One `lsim <command>`: its help, its options (by their CLI names, without `--`) and what it does. */
export interface CommandDefinition {
  readonly name: string;
  readonly describe: string;
  readonly example: { readonly command: string; readonly description: string };
  /** The API operation, as named in `An error occurred (...) when calling the X operation`. */
  readonly operation: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Required positional arguments, e.g. invoke's `outfile`, read with `args.positional(name)`. */
  readonly positionals?: readonly PositionalSpec[];
  /** Returns the response to print as JSON, or undefined for operations without output. */
  handler(args: ArgReader, ctx: CliContext): Promise<unknown>;
  /** Accepts `--output text` (every other command prints JSON only, as `--output json`). */
  readonly textOutput?: boolean;
  /** Commands that run containers say so: main then turns Ctrl-C / SIGTERM into an abort signal. */
  readonly interruptible?: boolean;
}
