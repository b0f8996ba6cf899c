import { LsimError } from '../../common/errors.js';

/** The aws CLI's ParamError: a value that could not be turned into the API's input. */
export function paramError(cliName: string, message: string): LsimError {
  return new LsimError('ParamValidation', `Error parsing parameter '${cliName}': ${message}`);
}

/** botocore's client-side validation of the built request, several problems in one message. */
export function paramValidationFailed(problems: readonly string[]): LsimError {
  return new LsimError('ParamValidation', ['Parameter validation failed:', ...problems].join('\n'));
}
