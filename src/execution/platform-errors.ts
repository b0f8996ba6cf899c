import type { ContainerExit } from '../engine/container-engine.js';
import type { ExtensionFailure } from '../runtime-api/extension-registry.js';
import { goSignalName } from '../runtime-api/process-exit.js';
import { CUSTOM_BOOTSTRAP_CANDIDATES } from '../runtimes/families/provided.js';

/**
 * Error payloads the Lambda platform (not the runtime) produces, in the recorded shapes
 * (docs/lambda-facts.md#custom-runtime-bootstrap, #invoke-results). Each message starts `RequestId: <id> Error:`
 * as the 2025 recordings show.
 */
const payload = (errorType: string, requestId: string, detail: string): Buffer =>
  Buffer.from(JSON.stringify({ errorType, errorMessage: `RequestId: ${requestId} Error: ${detail}` }));

/** The errorType of a timed-out invoke's payload. */
export const TIMEOUT_ERROR_TYPE = 'Sandbox.Timedout';

export const timeoutPayload = (requestId: string, message: string): Buffer => payload(TIMEOUT_ERROR_TYPE, requestId, message);

export const invalidEntrypointPayload = (requestId: string): Buffer =>
  payload('Runtime.InvalidEntrypoint', requestId, `Couldn't find valid bootstrap(s): [${CUSTOM_BOOTSTRAP_CANDIDATES.join(' ')}]`);

/** A bootstrap of the other architecture, as Lambda's Go init reports its failed exec (docs/architectures.md#exec-format-error). */
export const foreignBootstrapPayload = (requestId: string, path: string): Buffer =>
  payload('Runtime.InvalidEntrypoint', requestId, `fork/exec ${path}: exec format error`);

/**
 * A runtime that died. An out-of-memory kill is `Runtime.OutOfMemory` with "signal: killed" as
 * Lambda reports it in user logs; the recorded AWS answers show only `Runtime.ExitError`, so the OOM type
 * is lsim's best knowledge (unconfirmed: docs/deviations.md#out-of-memory). Exit status 0 means the runtime left without a reason.
 */
export function runtimeExitPayload(requestId: string, exit: ContainerExit): Buffer {
  const errorType = runtimeExitType(exit);
  if (exit.oomKilled) return payload(errorType, requestId, 'Runtime exited with error: signal: killed');
  if (exit.exitCode === 0) return payload(errorType, requestId, 'Runtime exited without providing a reason');
  if (exit.exitCode > 128) {
    return payload(errorType, requestId, `Runtime exited with error: signal: ${goSignalName(exit.exitCode - 128)}`);
  }
  return payload(errorType, requestId, `Runtime exited with error: exit status ${exit.exitCode}`);
}

/** An extension that failed the environment: `Extension.Crash` and the like (docs/extensions.md#failures). */
export const extensionFailurePayload = (requestId: string, failure: ExtensionFailure): Buffer =>
  payload(failure.errorType, requestId, failure.message);

export const runtimeExitType = (exit: ContainerExit): string => (exit.oomKilled ? 'Runtime.OutOfMemory' : 'Runtime.ExitError');
