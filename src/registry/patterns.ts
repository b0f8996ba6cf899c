/**
 * The API model's constraint patterns (docs/lambda-facts.md#patterns-and-limits), kept as the exact text Lambda quotes in its
 * ValidationException messages, plus the anchored RegExp used to check them.
 */

const REGION = '(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}';

export const LAYER_NAME_PATTERN = `(arn:(aws[a-zA-Z-]*)?:lambda:${REGION}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+`;
export const LAYER_VERSION_ARN_PATTERN = `(arn:(aws[a-zA-Z-]*)?:lambda:${REGION}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`;
export const STATEMENT_ID_PATTERN = '([a-zA-Z0-9-_]+)';
export const ACTION_PATTERN = 'lambda:GetLayerVersion';
export const PRINCIPAL_PATTERN = '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root';
export const ORGANIZATION_ID_PATTERN = 'o-[a-z0-9]{10,32}';
export const FUNCTION_NAME_PATTERN = `(arn:(aws[a-zA-Z-]*)?:lambda:)?(${REGION}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`;
export const NAMESPACED_FUNCTION_NAME_PATTERN = `(arn:(aws[a-zA-Z-]*)?:lambda:${REGION}:\\d{12}:|((${REGION}:)?(\\d{12}:)?))(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`;
export const ROLE_PATTERN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
export const HANDLER_PATTERN = '[^\\s]+';
export const ENV_NAME_PATTERN = '[a-zA-Z]([a-zA-Z0-9_])+';
export const S3_BUCKET_PATTERN = '^[0-9A-Za-z\\.\\-_]*(?<!\\.)$';

/** The model's patterns are implicitly anchored: the whole value must match (docs/lambda-facts.md#api-conventions). */
export function matchesWhole(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}
