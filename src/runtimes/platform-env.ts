/**
 * The complete environment a function's container starts with: what the Lambda platform sets
 * (docs/lambda-facts.md#environment-defaults) with the function's own variables applied by Lambda's rules
 * (docs/lambda-facts.md#reserved-variables).
 */
import { isReservedEnvKey } from './reserved-env.js';
import { runtimeInfo, type RuntimeId, type RuntimeInfo } from './runtime-catalogue.js';
import { RUNTIME_DIR, TASK_ROOT, defaultLdLibraryPathEntries, defaultPathEntries } from './default-paths.js';
import { familyRules } from './families/index.js';

export interface PlatformEnvInput {
  readonly runtime: RuntimeId;
  readonly handler: string;
  readonly functionName: string;
  /** `$LATEST` or a published version number. */
  readonly functionVersion: string;
  readonly memoryMb: number;
  readonly region: string;
  /** No variable Lambda sets carries the account (docs/lambda-facts.md#environment-defaults); kept so callers pass one context. */
  readonly accountId: string;
  /** The function's Environment.Variables. */
  readonly userEnv: Readonly<Record<string, string>>;
  /** The execution environment's log stream (`YYYY/MM/DD/[<version>]<32 hex>`, src/logs/stream-name.ts). */
  readonly logStream: string;
  /** LoggingConfig.LogGroup when the function names one; defaults to `/aws/lambda/<name>`. */
  readonly logGroup?: string | undefined;
}

/**
 * Fake credentials, recognisably so: lsim never holds the function role's credentials, yet the
 * runtime clients and AWS SDKs read these at start-up and fail without them. Local endpoints
 * (LocalStack, moto) accept any value; a call to real AWS fails with an auth error instead of
 * silently using the host's identity. The key pair is AWS's documented example pair.
 */
const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'lsim-dummy-session-token-not-valid-on-aws',
} as const;

/** Variables the function may replace: defaults only ("unreserved", docs/lambda-facts.md#reserved-variables). */
function unreservedDefaults(info: RuntimeInfo): [string, string][] {
  const rules = familyRules(info);
  const env: [string, string][] = [
    // Values as recorded in real functions (docs/lambda-facts.md#environment-defaults).
    ['LANG', 'en_US.UTF-8'],
    ['TZ', ':UTC'], // AWS base images say `:/etc/localtime`; lsim follows the managed runtime (docs/deviations.md#tz)
    ['PATH', defaultPathEntries(rules.platformPaths).join(':')],
    ['LD_LIBRARY_PATH', defaultLdLibraryPathEntries(rules.platformPaths).join(':')],
    // Older environments used 169.254.79.2.
    ['AWS_XRAY_DAEMON_ADDRESS', '169.254.79.129:2000'],
    ['_AWS_XRAY_DAEMON_ADDRESS', '169.254.79.129'],
    ['_AWS_XRAY_DAEMON_PORT', '2000'],
    ['AWS_XRAY_CONTEXT_MISSING', 'LOG_ERROR'],
  ];
  // The family's own (ruby's GEM_PATH, ...; never NODE_PATH or PYTHONPATH, which the bootstraps
  // compute only when unset): its descriptor, src/runtimes/families/<family>.ts.
  for (const [key, value] of rules.defaultEnv()) env.push([key, value]);
  return env;
}

/** Variables the function can never replace ("reserved", docs/lambda-facts.md#reserved-variables). */
function reservedValues(input: PlatformEnvInput, info: RuntimeInfo): [string, string][] {
  const env: [string, string][] = [
    // Values as recorded in real functions (docs/lambda-facts.md#environment-defaults).
    ['LAMBDA_TASK_ROOT', TASK_ROOT],
    ['LAMBDA_RUNTIME_DIR', RUNTIME_DIR],
    ['AWS_LAMBDA_RUNTIME_API', '127.0.0.1:9001'], // also RIE's default
    ['AWS_LAMBDA_FUNCTION_NAME', input.functionName],
    ['AWS_LAMBDA_FUNCTION_VERSION', input.functionVersion],
    ['AWS_LAMBDA_FUNCTION_MEMORY_SIZE', String(input.memoryMb)],
    ['AWS_LAMBDA_LOG_GROUP_NAME', input.logGroup ?? `/aws/lambda/${input.functionName}`],
    ['AWS_LAMBDA_LOG_STREAM_NAME', input.logStream],
    ['AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand'], // lsim has no provisioned concurrency or SnapStart
    ['_HANDLER', input.handler],
    ['AWS_REGION', input.region],
    ['AWS_DEFAULT_REGION', input.region],
    ...Object.entries(DUMMY_CREDENTIALS),
  ];
  // The managed runtimes' own bootstraps export it; custom runtimes never see it (docs/lambda-facts.md#environment-defaults).
  if (info.family !== 'provided') env.push(['AWS_EXECUTION_ENV', `AWS_Lambda_${info.id}`]);
  return env;
}

/**
 * Precedence as Lambda applies it (later wins): platform defaults < the function's variables <
 * reserved platform values. A user value replaces a default exactly (PATH, GEM_PATH, TZ...): Lambda
 * never merges, which is what makes path bug 5 reproducible. Reserved keys from the user are
 * dropped even when the platform itself sets nothing under that name.
 */
export function buildPlatformEnv(input: PlatformEnvInput): Record<string, string> {
  const info = runtimeInfo(input.runtime);
  // A Map, so a key such as `__proto__` from unvalidated input stays an ordinary variable.
  const env = new Map<string, string>(unreservedDefaults(info));
  for (const [key, value] of Object.entries(input.userEnv)) {
    if (!isReservedEnvKey(key)) env.set(key, value);
  }
  for (const [key, value] of reservedValues(input, info)) env.set(key, value);
  return Object.fromEntries(env);
}
