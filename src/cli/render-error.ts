import { environmentFault } from '../common/environment-fault.js';
import { isLsimError } from '../common/errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

export interface RenderedError {
  readonly stderr: string;
  readonly exitCode: ExitCode;
}

/** lsim's usage banner, in the place the aws CLI prints its own (`usage: aws [options] <command> ...`). */
export const USAGE_BANNER =
  'usage: lsim <command> [parameters]\nTo see help text, you can run:\n\n  lsim --help\n  lsim <command> --help\n';

/** aws CLI v2's prefix of every error line (2.38: `aws: [ERROR]: `). */
const PREFIX = 'lsim: [ERROR]: ';

const REPORT_HINT = 'This is a bug in lsim. Please report it with the command you ran and its output with --debug.';

const stackOf = (error: unknown): string => (error instanceof Error && error.stack ? `${error.stack}\n` : '');

/**
 * What the user sees for a failed command and the exit code, in aws CLI v2's layout
 * (docs/aws-cli-output.md#errors): usage errors 252 (`An error occurred (ParamValidation): ...` then the
 * banner; unknown options after it), parameter errors 252, Lambda errors 254 in the
 * `An error occurred (Code) when calling the Op operation: message` form with the body's `Type`
 * under "Additional error details", no Docker engine and environment faults (a full disk, a
 * read-only LSIM_HOME: environment-fault.ts) 253, every other failure 255. Stacks only with --debug.
 */
export function renderError(thrown: unknown, operation: string | undefined, debug: boolean, home?: string): RenderedError {
  const trace = debug ? stackOf(thrown) : '';
  // A full disk or a read-only LSIM_HOME is the machine's, not a bug (exit 253 like a missing engine).
  const error = environmentFault(thrown, home === undefined ? undefined : `under LSIM_HOME (${home})`) ?? thrown;
  if (error instanceof UsageError) {
    if (error.message.startsWith('Unknown options: ')) {
      return { stderr: `\n${USAGE_BANNER}\n\n${PREFIX}${error.message}\n${trace}`, exitCode: EXIT.usage };
    }
    return { stderr: `\n${PREFIX}An error occurred (ParamValidation): ${error.message}\n\n${USAGE_BANNER}${trace}`, exitCode: EXIT.usage };
  }
  if (isLsimError(error)) {
    const op = operation ?? 'unknown';
    if (error.isLambdaError) {
      const { Type: type } = error.toLambdaBody();
      const details = type === undefined ? '' : `\nAdditional error details:\nType: ${type}\n`;
      return {
        stderr: `\n${PREFIX}An error occurred (${error.code}) when calling the ${op} operation: ${error.message}\n${details}${trace}`,
        exitCode: EXIT.serviceError,
      };
    }
    if (error.code === 'EnvironmentFault') {
      // Shaped as the ServiceException lsim serve answers with, exit 253 (the environment, not a bug).
      return {
        stderr: `\n${PREFIX}An error occurred (ServiceException) when calling the ${op} operation: ${error.message}\n${trace}`,
        exitCode: EXIT.environment,
      };
    }
    if (error.code === 'ParamValidation') {
      return { stderr: `\n${PREFIX}An error occurred (ParamValidation): ${error.message}\n${trace}`, exitCode: EXIT.usage };
    }
    const exitCode = error.code === 'EngineUnavailable' ? EXIT.environment : EXIT.general;
    return { stderr: `\n${PREFIX}${error.message}\n${trace}`, exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { stderr: `\nlsim: unexpected error: ${message}\n${REPORT_HINT}\n${trace}`, exitCode: EXIT.general };
}
