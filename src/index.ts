/** The public library entry: `import { openLsim } from 'lsim'`. Re-exports only. */
export { openLsim, Lsim, type OpenOptions, type InvokeRequest, type InvokeResponse } from './lsim.js';
export { LsimError, isLsimError, type ErrorCode, type LambdaErrorCode } from './common/errors.js';
export { resolveConfig, DEFAULTS, type LsimConfig, type ConfigFlags } from './common/config.js';
export { LambdaRegistry } from './registry/lambda-registry.js';
export type { LambdaApi } from './registry/lambda-api.js';
export type * from './registry/api-types.js';
export { LocalExecutor } from './execution/local-executor.js';
export type { ExecutionPlan, InvocationRequest, InvocationResult } from './execution/execution-plan.js';
export type { AdHocFunction } from './execution/prepare-plan.js';
export { inspectZip } from './archive/inspect-zip.js';
export { extractZip } from './archive/extract-zip.js';
export type { ZipInspection, ZipEntryInfo } from './archive/types.js';
export { SUPPORTED_RUNTIMES, runtimeInfo, isSupportedRuntime, type RuntimeId } from './runtimes/runtime-catalogue.js';
export { main } from './cli/main.js';
