import { invalidParameter } from '../common/errors.js';
import type { EnvironmentInput } from './api-types.js';
import { ENV_NAME_PATTERN, matchesWhole } from './patterns.js';
import { ACCEPTED_RUNTIMES, ARCHITECTURES, DEPRECATED_RUNTIMES } from './runtimes.js';
import { formatList, ValidationErrors } from './validation.js';
import { findReservedKeys } from '../runtimes/reserved-env.js';

/** The function members CreateFunction and UpdateFunctionConfiguration share. */
export interface FunctionSettings {
  readonly Runtime?: string | undefined;
  readonly Handler?: string | undefined;
  readonly Role?: string | undefined;
  readonly Description?: string | undefined;
  readonly Timeout?: number | undefined;
  readonly MemorySize?: number | undefined;
  readonly Environment?: EnvironmentInput | undefined;
  readonly EphemeralStorage?: { readonly Size: number } | undefined;
  readonly Architectures?: readonly string[] | undefined;
}

const ENV_LIMIT_BYTES = 4096;

/**
 * The service's checks of the members CreateFunction and UpdateFunctionConfiguration share, after
 * the decoder (shapes/) has checked types, lengths, patterns and ranges: the architecture list and
 * the environment's keys (front-end wording Lambda uses for lists and maps), then Runtime and the
 * environment's content (InvalidParameterValueException).
 */
export function validateFunctionSettings(settings: FunctionSettings): void {
  const errors = new ValidationErrors();
  if (settings.Architectures !== undefined) checkArchitectures(settings.Architectures, errors);
  const variables = settings.Environment?.Variables;
  if (variables !== undefined && Object.keys(variables).some((key) => !matchesWhole(ENV_NAME_PATTERN, key))) {
    errors.addRaw(
      `Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${ENV_NAME_PATTERN}]`,
    );
  }
  errors.throwIfAny();
  if (settings.Runtime !== undefined) checkRuntime(settings.Runtime);
  if (variables !== undefined) checkEnvironment(variables);
}

export function checkArchitectures(architectures: readonly string[], errors: ValidationErrors): void {
  const shown = formatList(architectures);
  if (architectures.length !== 1) {
    errors.add('architectures', shown, `Member must have length ${architectures.length > 1 ? 'less' : 'greater'} than or equal to 1`);
  }
  if (architectures.some((architecture) => !ARCHITECTURES.includes(architecture))) {
    errors.add(
      'architectures',
      shown,
      `Member must satisfy constraint: [Member must satisfy enum value set: ${formatList(ARCHITECTURES)}, Member must not be null]`,
    );
  }
}

/** A bad Runtime is an InvalidParameterValueException, unlike CompatibleRuntimes (docs/lambda-facts.md#runtime-identifiers). */
function checkRuntime(runtime: string): void {
  if (ACCEPTED_RUNTIMES.includes(runtime)) return;
  if (DEPRECATED_RUNTIMES.has(runtime)) {
    throw invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  throw invalidParameter(
    `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ${formatList(ACCEPTED_RUNTIMES)} or be a valid ARN`,
  );
}

/**
 * A NUL cannot be in a process's environment (execve(2) takes NUL-terminated strings), so a value
 * holding one could never reach the function: refused here rather than failing every invoke. The
 * wording is lsim's, in the style of Lambda's environment messages (docs/archive-limits.md).
 */
export function checkEnvironmentValues(variables: Readonly<Record<string, string>>): void {
  const withNul = Object.keys(variables).filter((key) => variables[key]?.includes('\0') === true);
  if (withNul.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contain a NUL character, which a process environment cannot hold. Keys with a NUL in their value: ${withNul.join(', ')}`,
    );
  }
}

function checkEnvironment(variables: Readonly<Record<string, string>>): void {
  checkEnvironmentValues(variables);
  const reserved = findReservedKeys(variables);
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > ENV_LIMIT_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}
