import type { UserImage } from '../common/config.js';
import type { Architecture } from '../runtimes/architecture.js';
import type { RuntimeId } from '../runtimes/runtime-catalogue.js';
import type { PhaseListener } from './phase-clock.js';

/** Everything needed to start one execution environment for a function, resolved and validated. */
export interface ExecutionPlan {
  readonly runtime: RuntimeId;
  /** The function's `Architectures[0]`: which image runs, natively or under QEMU (docs/architectures.md). */
  readonly architecture: Architecture;
  readonly handler: string;
  readonly functionName: string;
  readonly functionArn: string;
  /** `$LATEST` or the published version number that runs (X-Amz-Executed-Version). */
  readonly version: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly ephemeralStorageMb: number;
  readonly region: string;
  readonly accountId: string;
  readonly userEnv: Readonly<Record<string, string>>;
  /** Host folder mounted read-only at /var/task. */
  readonly codeDir: string;
  /** Host folders of the layers, in the function's Layers order (the last one wins on a path). */
  readonly layerDirs: readonly string[];
  /**
   * An image other than lsim's own: a user's (`--image`, LSIM_IMAGE_<FAMILY>), run with its own
   * entrypoint, or AWS's base image (the prefer switch), run by its contract. Pulled when missing.
   */
  readonly imageOverride?: UserImage | undefined;
  readonly logGroup?: string | undefined;
}

export interface InvocationRequest {
  readonly payload: Buffer;
  /**
   * The ARN the caller invoked (with its alias or version), which Lambda passes with each event: a warm
   * environment of version 1 serves `fn:1` and `fn:live` alike. The plan's ARN when absent.
   */
  readonly invokedFunctionArn?: string | undefined;
  /** Client context JSON, already decoded from base64. */
  readonly clientContext?: string | undefined;
  /** Every log line of the invoke as it happens (function output and START/END/REPORT). */
  readonly onLog?: ((line: string) => void) | undefined;
  /** lsim's own word about how this invoke's environment differs from Lambda's (not a log line: Lambda has none). */
  readonly onNotice?: ((text: string) => void) | undefined;
  /** Aborting (Ctrl-C) stops the container and rejects; nothing is left behind. */
  readonly signal?: AbortSignal | undefined;
  /** Each step of the invoke as it ends, with its time (`--debug`, the bench): docs/cold-start.md. */
  readonly onPhase?: PhaseListener | undefined;
  /**
   * The caller's answer as soon as the runtime posts it, as Lambda returns it, while the extensions
   * that take INVOKE may still be working (docs/lifecycle.md#when-the-caller-gets-the-answer); for an
   * invoke that ends without a runtime answer (a timeout, a crash, a failed init), just before the
   * invoke resolves. Called once.
   */
  readonly onResponse?: ((answer: InvocationAnswer) => void) | undefined;
}

/** What the caller of an invoke gets back, before the invoke's log is complete. */
export type InvocationAnswer = Pick<InvocationResult, 'requestId' | 'functionError' | 'payload' | 'executedVersion'>;

export interface InvocationResult {
  readonly requestId: string;
  /** `Unhandled` when the function (or lsim on its behalf: timeout, crash) reports an error. */
  readonly functionError?: 'Unhandled' | undefined;
  readonly payload: Buffer;
  readonly executedVersion: string;
  /** The whole log of this invoke, START to REPORT. */
  readonly log: string;
  readonly durationMs: number;
  readonly initDurationMs?: number | undefined;
  readonly maxMemoryUsedMb: number;
}
