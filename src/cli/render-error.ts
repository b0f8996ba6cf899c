import { environmentFault } from '../common/environment-fault.js';
import { isLsimError } from '../common/errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

export interface RenderedError {
  readonly stderr: string;
  readonly exitCode: ExitCode;
}

/** The aws CLI's usage banner, which precedes every parser error. */
export const USAGE_BANNER =
  'usage: lsim <command> [parameters]\nTo see help text, you can run:\n\n  lsim --help\n  lsim <command> --help\n\n';

const REPORT_HINT = 'This is a bug in lsim. Please report it with the command you ran and its output with --debug.';

const stackOf = (error: unknown): string => (error instanceof Error && error.stack ? `${error.stack}\n` : '');

/**
 * What the user sees for a failed command and the exit code, following the aws CLI:
 * usage errors 252 (after the banner), parameter errors 252, Lambda errors 254 in the
 * `An error occurred (Code) when calling the Op operation: message` form, no Docker engine and
 * environment faults (a full disk, a read-only LSIM_HOME: environment-fault.ts) 253,
 * every other failure 255. Stacks only with --debug.
 */
export function renderError(thrown: unknown, operation: string | undefined, debug: boolean, home?: string): RenderedError {
  const trace = debug ? stackOf(thrown) : '';
  // A full disk or a read-only LSIM_HOME is the machine's, not a bug (exit 253 like a missing engine).
  const error = environmentFault(thrown, home === undefined ? undefined : `under LSIM_HOME (${home})`) ?? thrown;
  if (error instanceof UsageError) {
    return { stderr: `${USAGE_BANNER}lsim: error: ${error.message}\n${trace}`, exitCode: EXIT.usage };
  }
  if (isLsimError(error)) {
    if (error.isLambdaError) {
      const op = operation ?? 'unknown';
      return {
        stderr: `\nAn error occurred (${error.code}) when calling the ${op} operation: ${error.message}\n${trace}`,
        exitCode: EXIT.serviceError,
      };
    }
    if (error.code === 'EnvironmentFault') {
      // Shaped as the ServiceException lsim serve answers with, exit 253 (the environment, not a bug).
      const op = operation ?? 'unknown';
      return {
        stderr: `\nAn error occurred (ServiceException) when calling the ${op} operation: ${error.message}\n${trace}`,
        exitCode: EXIT.environment,
      };
    }
    const exitCode = error.code === 'ParamValidation' ? EXIT.usage : error.code === 'EngineUnavailable' ? EXIT.environment : EXIT.general;
    return { stderr: `\n${error.message}\n${trace}`, exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { stderr: `\nlsim: unexpected error: ${message}\n${REPORT_HINT}\n${trace}`, exitCode: EXIT.general };
}
