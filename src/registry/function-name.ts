import { ValidationErrors } from './validation.js';
import { FUNCTION_NAME_PATTERN, NAMESPACED_FUNCTION_NAME_PATTERN } from './patterns.js';

export interface ParsedFunctionName {
  readonly name: string;
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly qualifier: string | undefined;
}

const PARTS =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:(?<region>(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(?<account>\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9-_.]+)(?::(?<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/;

/**
 * Accepts a function name, a partial ARN (`123456789012:function:name`) or a full ARN.
 * `namespaced` selects the looser pattern of the read/delete operations (allows `.`).
 */
export function parseFunctionName(input: string, namespaced: boolean): ParsedFunctionName {
  const errors = new ValidationErrors();
  errors.maxLength('functionName', input, namespaced ? 256 : 140);
  errors.pattern('functionName', input, namespaced ? NAMESPACED_FUNCTION_NAME_PATTERN : FUNCTION_NAME_PATTERN);
  errors.throwIfAny();
  const groups = PARTS.exec(input)?.groups ?? {};
  const name = groups.name ?? input;
  // The model documents a 64-character limit for the name part; the wording here is unconfirmed.
  new ValidationErrors().maxLength('functionName', name, 64).throwIfAny();
  return { name, accountId: groups.account, region: groups.region, qualifier: groups.qualifier };
}
