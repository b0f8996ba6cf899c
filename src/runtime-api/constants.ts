/** The Runtime API 2018-06-01 as lsim serves it (docs/lambda-facts.md#runtime-api). */

export const RUNTIME_API_VERSION = '2018-06-01';

export const RUNTIME_PATHS = {
  next: `/${RUNTIME_API_VERSION}/runtime/invocation/next`,
  /** `/{version}/runtime/invocation/{AwsRequestId}/response`; matched by pattern, see router.ts. */
  responseSuffix: '/response',
  errorSuffix: '/error',
  invocationPrefix: `/${RUNTIME_API_VERSION}/runtime/invocation/`,
  initError: `/${RUNTIME_API_VERSION}/runtime/init/error`,
  ping: `/${RUNTIME_API_VERSION}/ping`,
} as const;

/** The extension-side subscription APIs (docs/telemetry.md). */
export const SUBSCRIPTION_PATHS = {
  telemetry: '/2022-07-01/telemetry',
  logs: '/2020-08-15/logs',
} as const;

/** Header names as Lambda spells them; Node lower-cases incoming names, so lookups use `.toLowerCase()`. */
export const RUNTIME_HEADERS = {
  requestId: 'Lambda-Runtime-Aws-Request-Id',
  deadlineMs: 'Lambda-Runtime-Deadline-Ms',
  invokedFunctionArn: 'Lambda-Runtime-Invoked-Function-Arn',
  traceId: 'Lambda-Runtime-Trace-Id',
  clientContext: 'Lambda-Runtime-Client-Context',
  cognitoIdentity: 'Lambda-Runtime-Cognito-Identity',
  functionErrorType: 'Lambda-Runtime-Function-Error-Type',
  responseMode: 'Lambda-Runtime-Function-Response-Mode',
} as const;

/** 6 MB + 100 bytes, RIE's MaxPayloadSize; also the limit for error bodies. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;

/** The only response mode besides the default (buffered) one. */
export const STREAMING_RESPONSE_MODE = 'streaming';
