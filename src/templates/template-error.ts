import { LsimError } from '../common/errors.js';

/**
 * A template lsim cannot use: InvalidParameterValueException, as Lambda answers for a bad request,
 * with the place in the template (`Resources.Fn.Properties.Layers[1]`) the user has to fix.
 */
export function templateError(place: string, message: string): LsimError {
  return new LsimError('InvalidParameterValueException', `Template error at ${place}: ${message}`);
}
