import { resolveConfig, type ConfigFlags, type LsimConfig } from './common/config.js';
import { LsimError } from './common/errors.js';
import type { ExecutionPlan, InvocationResult } from './execution/execution-plan.js';
import { logTail } from './execution/log-collector.js';
import type { LocalExecutor } from './execution/local-executor.js';
import { LsimServices } from './composition/lsim-services.js';
import { planAdHoc, planForFunction, type AdHocFunction } from './execution/prepare-plan.js';
import type { ImageBuildEvent } from './images/image-build-event.js';
import type { LambdaApi } from './registry/lambda-api.js';
import { LambdaRegistry } from './registry/lambda-registry.js';
import { decodeInvoke } from './registry/shapes/decode-request.js';

export interface OpenOptions extends ConfigFlags {
  /** Environment to read configuration from; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly onBuildEvent?: (event: ImageBuildEvent) => void;
}

export interface InvokeRequest {
  readonly FunctionName: string;
  readonly Qualifier?: string;
  /** The event: a string or bytes of JSON, or any value to serialise. */
  readonly Payload?: string | Uint8Array | unknown;
  readonly LogType?: 'None' | 'Tail';
  /** Function log lines as they happen (START, output, END, REPORT). */
  readonly onLog?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface InvokeResponse {
  readonly StatusCode: number;
  readonly FunctionError?: 'Unhandled';
  readonly LogResult?: string;
  readonly ExecutedVersion: string;
  readonly Payload: Uint8Array;
  /** lsim's extras: the whole log and the measured figures of this invoke. */
  readonly details: InvocationResult;
}

/**
 * lsim as a library, for test suites: the `aws lambda` control plane (every LambdaApi operation,
 * same request and response shapes as the SDK) plus `invoke` on real runtime containers.
 * `await using lsim = openLsim({ home })` closes the registry at the end of the scope.
 */
export function openLsim(options: OpenOptions = {}): Lsim {
  const config = resolveConfig(options, options.env ?? process.env);
  return new Lsim(config, LambdaRegistry.open(config), options.onBuildEvent);
}

export class Lsim {
  readonly executor: LocalExecutor;

  constructor(
    readonly config: LsimConfig,
    readonly api: LambdaApi,
    onBuildEvent?: (event: ImageBuildEvent) => void,
  ) {
    this.executor = new LsimServices(config, onBuildEvent === undefined ? {} : { onBuildEvent }).executor;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResponse> {
    // The same decoding as the server's Invoke: a `LogType: 'Bogus'` is refused, not ignored.
    const { FunctionName, Qualifier, LogType } = request;
    const input = decodeInvoke({ FunctionName, Qualifier, LogType });
    const resolved = this.api.resolveFunction({
      FunctionName: input.FunctionName,
      ...(input.Qualifier === undefined ? {} : { Qualifier: input.Qualifier }),
    });
    return this.run(await planForFunction(resolved, this.config, this.executor.cache), request);
  }

  /** The ad-hoc form of `lsim invoke`: no registration, layers from zips, folders or ARNs. */
  async invokeAdHoc(fn: AdHocFunction, request: Omit<InvokeRequest, 'FunctionName' | 'Qualifier'>): Promise<InvokeResponse> {
    // Only LogType is the caller's here (the function is named by the plan): checked as Invoke checks it.
    decodeInvoke({ FunctionName: 'ad-hoc', LogType: request.LogType });
    const plan = await planAdHoc(fn, this.config, this.executor.cache, process.cwd(), async () => this.api);
    return this.run(plan, { ...request, FunctionName: plan.functionName });
  }

  close(): void {
    this.api.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  private async run(plan: ExecutionPlan, request: InvokeRequest): Promise<InvokeResponse> {
    const result = await this.executor.invoke(plan, {
      payload: toPayload(request.Payload),
      onLog: request.onLog,
      signal: request.signal,
    });
    return {
      StatusCode: 200,
      ...(result.functionError === undefined ? {} : { FunctionError: result.functionError }),
      ...(request.LogType === 'Tail' ? { LogResult: logTail(result.log) } : {}),
      ExecutedVersion: result.executedVersion,
      Payload: new Uint8Array(result.payload),
      details: result,
    };
  }
}

function toPayload(payload: unknown): Buffer {
  if (payload === undefined) return Buffer.from('{}');
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  try {
    return Buffer.from(JSON.stringify(payload), 'utf8');
  } catch (error) {
    throw new LsimError('InvalidRequestContentException', 'Could not parse request body into json', { cause: error });
  }
}
