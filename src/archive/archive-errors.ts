import { LsimError } from '../common/errors.js';

/**
 * The failures an uploaded zip can cause. Lambda documents only two of them (the unzip failure and
 * the size limit, docs/lambda-facts.md#error-messages); every other message here is lsim's own wording, because Lambda
 * publishes none for hostile entries — callers must not present those texts as AWS's.
 */

/** Lambda's exact text for anything that is not a readable zip (docs/lambda-facts.md#error-messages, "Not a zip"). */
export const UNZIP_FAILED_MESSAGE = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** Keeps Lambda's sentence as the message; the low-level reason travels in `cause` for logs. */
export function couldNotUnzip(cause: unknown): LsimError {
  return new LsimError('InvalidParameterValueException', UNZIP_FAILED_MESSAGE, { cause });
}

/** Lambda's text for code that inflates past the limit (docs/lambda-facts.md#error-messages). */
export function unzippedTooLarge(limit: number): LsimError {
  return new LsimError('InvalidParameterValueException', `Unzipped size must be smaller than ${limit} bytes`);
}

/** An entry lsim refuses to materialise; the message is lsim's own (see the file comment). */
export function unsafeEntry(message: string): LsimError {
  return new LsimError('InvalidParameterValueException', message);
}

/** A stored zip whose bytes no longer hash to the SHA-256 it was stored under (changed or damaged on disk). */
export function contentMismatch(path: string, expectedHex: string, actualHex: string): LsimError {
  return new LsimError(
    'EnvironmentFault',
    `its stored zip ${path} is corrupt: its SHA-256 is ${actualHex}, not the ${expectedHex} it was published with ` +
      '(the file was replaced or damaged after it was stored).',
  );
}
