import {
  ACTION_PATTERN,
  FUNCTION_NAME_PATTERN,
  HANDLER_PATTERN,
  LAYER_NAME_PATTERN,
  LAYER_VERSION_ARN_PATTERN,
  NAMESPACED_FUNCTION_NAME_PATTERN,
  ORGANIZATION_ID_PATTERN,
  PRINCIPAL_PATTERN,
  ROLE_PATTERN,
  STATEMENT_ID_PATTERN,
} from '../patterns.js';
import { blob, integer, list, long, map, required, string, structure } from './shape.js';

/**
 * The member shapes several operations share, named as in the botocore model
 * (docs/lambda-facts.md#patterns-and-limits). Constraints whose rejection Lambda words differently
 * from the front end's usual text (Runtime, the layer and architecture lists, S3 locations, the
 * environment's keys) are left to the registry's checks, which carry Lambda's recorded wording.
 */
export const FUNCTION_NAME = string({ min: 1, max: 140, pattern: FUNCTION_NAME_PATTERN });
export const NAMESPACED_FUNCTION_NAME = string({ min: 1, max: 256, pattern: NAMESPACED_FUNCTION_NAME_PATTERN });
export const QUALIFIER = string({ min: 1, max: 128, pattern: '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+' });
export const LAYER_NAME = string({ min: 1, max: 140, pattern: LAYER_NAME_PATTERN });
export const LAYER_VERSION_ARN = string({ min: 1, max: 2048, pattern: LAYER_VERSION_ARN_PATTERN });
/** `Layer Version Cannot be less than 1` is the service's own check (layer-name.ts). */
export const LAYER_VERSION_NUMBER = long();
export const STATEMENT_ID = string({ min: 1, max: 100, pattern: STATEMENT_ID_PATTERN });
export const ACTION = string({ min: 0, max: 22, pattern: ACTION_PATTERN });
export const PRINCIPAL = string({ max: 10000, pattern: PRINCIPAL_PATTERN });
export const ORGANIZATION_ID = string({ max: 34, pattern: ORGANIZATION_ID_PATTERN });
export const DESCRIPTION = string({ min: 0, max: 256 });
export const LICENSE_INFO = string({ max: 512 });
export const HANDLER = string({ max: 128, pattern: HANDLER_PATTERN });
export const ROLE = string({ max: 10000, pattern: ROLE_PATTERN });
/** Runtime ids: checked by the service, with InvalidParameterValueException (function-validation.ts). */
export const RUNTIME = string();
export const STRING_LIST = list(string());
/**
 * The documented quotas rather than the model's 1–5400 and 128–32768
 * (docs/deviations.md#timeout-and-memory-limits).
 */
export const TIMEOUT = integer({ min: 1, max: 900 });
export const MEMORY_SIZE = integer({ min: 128, max: 10240 });
export const EPHEMERAL_STORAGE = structure({ Size: required(integer({ min: 512, max: 10240 })) });
export const ENVIRONMENT = structure({ Variables: map(string()) });
export const REVISION_ID = string();
export const MARKER = string();

/**
 * FunctionCode and LayerVersionContentInput. `ZipFilePath` is lsim's own member: a zip on this
 * machine, streamed instead of held in memory (the server puts an uploaded ZipFile there).
 */
export const CODE_SOURCE_MEMBERS = {
  ZipFile: blob(),
  ZipFilePath: string(),
  S3Bucket: string(),
  S3Key: string(),
  S3ObjectVersion: string(),
};
export const CODE_SOURCE = structure(CODE_SOURCE_MEMBERS);
