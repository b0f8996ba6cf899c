/**
 * Environment keys a function may not set (docs/lambda-facts.md#reserved-variables, from the current
 * environment-variables page of the AWS docs). The
 * registry rejects them at configuration; the environment builder drops them again in case a
 * caller skipped the registry.
 */
import { LsimError } from '../common/errors.js';

// Deliberately absent: TZ (reserved in 2018-era docs and in RIE's list, unreserved in current
// docs — current docs win), RUBYLIB and AWS_LAMBDA_LOG_FORMAT/LEVEL (listed nowhere; unconfirmed).
export const RESERVED_ENV_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'AWS_LAMBDA_MAX_CONCURRENCY',
]);

/** Names match exactly: environment variable names are case-sensitive. */
export function isReservedEnvKey(key: string): boolean {
  return RESERVED_ENV_KEYS.has(key);
}

/** The reserved keys among `vars`, in the caller's order, as Lambda lists them in its message. */
export function findReservedKeys(vars: Readonly<Record<string, string>>): string[] {
  return Object.keys(vars).filter(isReservedEnvKey);
}

/** Lambda's rejection: the prefix is AWS's troubleshooting text, the key list as users posted it (docs/lambda-facts.md#error-messages). */
export function reservedKeysError(keys: readonly string[]): LsimError {
  return new LsimError(
    'InvalidParameterValueException',
    'Lambda was unable to configure your environment variables because the environment variables you have ' +
      'provided contains reserved keys that are currently not supported for modification. Reserved keys used ' +
      `in this request: ${keys.join(', ')}`,
  );
}
