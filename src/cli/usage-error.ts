import { LsimError } from '../common/errors.js';

/**
 * A command line the parser itself rejects (missing or unknown argument, bad int). The aws CLI
 * prints these after its usage banner as `aws: error: ...`, unlike parameter value errors.
 */
export class UsageError extends LsimError {
  constructor(message: string) {
    super('ParamValidation', message);
  }
}
