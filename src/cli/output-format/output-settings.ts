import type { LsimConfig } from '../../common/config.js';
import type { CommandDefinition } from '../command-definition.js';
import type { Output } from '../output.js';
import { UsageError } from '../usage-error.js';
import { isOutputFormat, type OutputFormat } from './format-response.js';
import { compileQuery, type Query } from './query.js';

export interface OutputSettings {
  /** undefined: a command of lsim's own with its own `--output` (doctor), printed as JSON. */
  readonly format: OutputFormat | undefined;
  readonly query: Query | undefined;
  readonly color: boolean;
  readonly terminalWidth: number;
}

const COLORS = ['on', 'off', 'auto'];

/** The aws CLI's `--output`, `--query` and `--color`, checked before any call is made, with its wording. */
export function resolveOutputSettings(
  args: Readonly<Record<string, unknown>>,
  config: LsimConfig,
  command: CommandDefinition,
  output: Output,
): OutputSettings {
  const color = typeof args.color === 'string' ? args.color : 'auto';
  if (!COLORS.includes(color)) throw new UsageError(`argument --color: Found invalid choice '${color}'\n`);
  const format = command.textOutput === true ? undefined : config.output;
  if (format !== undefined && !isOutputFormat(format)) throw new UsageError(`argument --output: Found invalid choice '${format}'\n`);
  const query = typeof args.query === 'string' ? compileQuery(args.query) : undefined;
  const columns = output.terminalColumns?.();
  return {
    format,
    query,
    color: color === 'on' || (color === 'auto' && columns !== undefined),
    // The aws CLI measures the terminal with TIOCGWINSZ and assumes 80 columns when stdout is not one.
    terminalWidth: columns ?? 80,
  };
}
