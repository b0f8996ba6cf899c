import { UsageError } from '../usage-error.js';
import { LsimError } from '../../common/errors.js';

// Python's int(): optional sign, digits with single underscores between them, surrounding blanks.
const PYTHON_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

function toInteger(value: string): number | undefined {
  if (!PYTHON_INT.test(value)) return undefined;
  const parsed = Number(value.trim().replaceAll('_', ''));
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

/**
 * An argument of type `long` (`--version-number`, `--max-items`): argparse converts it, so a bad
 * value is a usage error.
 */
export function parseLongArgument(cliName: string, value: string): number {
  const parsed = toInteger(value);
  if (parsed === undefined) throw new UsageError(`argument ${cliName}: invalid int value: '${value}'`);
  return parsed;
}

/**
 * An `integer` member (`--timeout`, `Size=`): the aws CLI calls Python's int() after parsing and
 * shows Python's own message. lsim exits 252 where the aws CLI falls through to 255.
 */
export function parseIntegerValue(value: string): number {
  const parsed = toInteger(value);
  if (parsed === undefined) {
    throw new LsimError('ParamValidation', `invalid literal for int() with base 10: '${value}'`);
  }
  return parsed;
}
