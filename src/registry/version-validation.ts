import { invalidParameter } from '../common/errors.js';
import type { AliasRef, AliasRoutingConfiguration, CreateAliasRequest, UpdateAliasRequest } from './api-types.js';
import { ValidationErrors } from './validation.js';

/**
 * Input checks of the alias operations beyond what their shapes declare (shapes/operation-shapes.ts), with the model's
 * constraints (docs/lambda-facts.md#function-versions-and-aliases) and the texts AWS was recorded saying.
 */

export const ALIAS_PATTERN = '(?!^[0-9]+$)([a-zA-Z0-9-_]+)';
export const VERSION_WITH_LATEST_PATTERN = '(\\$LATEST(\\.PUBLISHED)?|[0-9]+)';

export function validateAliasRef(request: AliasRef): void {
  const errors = new ValidationErrors();
  checkName(request.Name, errors);
  errors.throwIfAny();
}

export function validateCreateAlias(request: CreateAliasRequest): void {
  const errors = new ValidationErrors();
  checkName(request.Name, errors);
  checkFunctionVersion(request.FunctionVersion, errors);
  checkWeights(request.RoutingConfig, errors);
  errors.throwIfAny();
  checkRouting(request.FunctionVersion, request.RoutingConfig);
}

export function validateUpdateAlias(request: UpdateAliasRequest): void {
  const errors = new ValidationErrors();
  checkName(request.Name, errors);
  if (request.FunctionVersion !== undefined) checkFunctionVersion(request.FunctionVersion, errors);
  checkWeights(request.RoutingConfig, errors);
  errors.throwIfAny();
}

/** The service's own rules on a routing config, checked against the version the alias will point to. */
export function checkRouting(functionVersion: string, routing: AliasRoutingConfiguration | undefined): void {
  const versions = Object.keys(routing?.AdditionalVersionWeights ?? {});
  if (versions.length > 1) throw invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1');
  if (versions.length === 0) return;
  if (functionVersion === '$LATEST') throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
  if (versions.includes(functionVersion)) {
    throw invalidParameter(
      `Invalid function version ${functionVersion}. Function version ${functionVersion} is already included in routing configuration.`,
    );
  }
}

function checkName(name: string, errors: ValidationErrors): void {
  errors.minLength('name', name, 1).maxLength('name', name, 128).pattern('name', name, ALIAS_PATTERN);
}

function checkFunctionVersion(version: string, errors: ValidationErrors): void {
  errors
    .minLength('functionVersion', version, 1)
    .maxLength('functionVersion', version, 1024)
    .pattern('functionVersion', version, VERSION_WITH_LATEST_PATTERN);
}

const WEIGHTS_FIELD = 'routingConfig.additionalVersionWeights';

function checkWeights(routing: AliasRoutingConfiguration | undefined, errors: ValidationErrors): void {
  const weights = routing?.AdditionalVersionWeights;
  if (weights === undefined) return;
  const entries = Object.entries(weights);
  const shown = `{${entries.map(([key, value]) => `${key}=${javaDouble(value)}`).join(', ')}}`;
  if (entries.some(([key]) => !/^[0-9]{1,1024}$/.test(key))) {
    errors.addRaw(
      `Value '${shown}' at '${WEIGHTS_FIELD}' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]`,
    );
  }
  if (entries.some(([, value]) => typeof value !== 'number' || !(value >= 0 && value <= 1))) {
    errors.addRaw(
      `Value '${shown}' at '${WEIGHTS_FIELD}' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]`,
    );
  }
}

/** Java's Double.toString for the values AWS quotes: `2.0`, `0.5`, `-1.0`. */
function javaDouble(value: unknown): string {
  return typeof value === 'number' && Number.isInteger(value) ? value.toFixed(1) : String(value);
}
