import { randomUUID } from 'node:crypto';
import type { ShutdownReason } from '../runtime-api/runtime-session.js';
import { runtimeInfo } from '../runtimes/runtime-catalogue.js';
import { extensionLine, startLine } from '../runtimes/report-line.js';
import { abortPromise } from './abort-promise.js';
import { chosenBootstrap } from './bootstrap-check.js';
import type { ExecutionEnvironment } from './execution-environment.js';
import type { ExecutionPlan, InvocationAnswer, InvocationRequest, InvocationResult } from './execution-plan.js';
import { initFailure, initReport, runInit } from './init-phase.js';
import { answerOf, finish, maxMemoryUsed, type ReportFigures } from './invocation-report.js';
import { runEvent } from './invoke-phase.js';
import type { EventEnd, LifecycleDeps } from './lifecycle-types.js';
import { LogCollector } from './log-collector.js';
import { LogOrder } from './log-order.js';
import { isForeignElf } from './foreign-elf.js';
import { foreignBootstrapPayload, invalidEntrypointPayload } from './platform-errors.js';
import { reported } from './platform-telemetry.js';
import { PhaseClock } from './phase-clock.js';
import { RoutedLog } from './routed-log.js';
import { runShutdown } from './shutdown-phase.js';
import type { StreamWriter } from '../logs/log-store.js';
import { defaultLogGroup, logStreamName } from '../logs/stream-name.js';

/**
 * Invokes after the first refresh `Max Memory Used` in the background, at most this often: a
 * sample can be an engine stats call (about a second of the engine's time), and ten busy
 * environments sampling back to back cost the engine more CPU than the invokes themselves.
 */
const MEMORY_SAMPLE_INTERVAL_MS = 5000;

export type LifecycleState = 'new' | 'idle' | 'busy' | 'ended';

export interface UseOptions {
  /** This is the environment's only use (a one-shot invoke): it shuts down when the event is over. */
  readonly last?: boolean;
  /**
   * The environment takes its next invoke from now on, while this one's log still waits for the end of its
   * output (docs/lifecycle.md#the-next-invoke-before-the-marker-is-back); the invoke resolves when the log is
   * whole. Not called when the environment is free only once the invoke resolves.
   */
  readonly onReusable?: () => void;
}

export interface EnvironmentUse {
  readonly result: InvocationResult;
  /** False once the environment has ended (refusal, failed init, timeout, crash, last use). */
  readonly reusable: boolean;
}

/**
 * One execution environment's life, as Lambda's: INIT (on its first invoke: the cold start), then
 * INVOKE as many times as it is used, one event at a time, then SHUTDOWN, the one way it ends
 * (docs/lifecycle.md). A one-shot invoke is an environment used once; the warm pool keeps
 * environments between uses and retires them through the same shutdown. An environment that ends
 * with an invoke (reset or last use) shuts down before END, so that invoke's log has all its output.
 */
export class EnvironmentLifecycle {
  private state: LifecycleState = 'new';
  private environment: ExecutionEnvironment | undefined;
  /** The container's output goes to the log of the invoke it serves (init output to the first one's). */
  private readonly output = new RoutedLog();
  private maxMemoryUsedMb = 0;
  private sampling = false;
  private sampledAt = 0;
  private ended: Promise<void> | undefined;
  /** One log stream per execution environment, as Lambda's (docs/logs.md#group-and-stream-names). */
  private readonly logStream: string;
  private readonly stored: StreamWriter | undefined;
  /** Each invoke's lines reach the stream after the invoke before has written its REPORT. */
  private readonly order = new LogOrder();
  /** The last invoke, until it is over with its log (which may be after the environment took the next one). */
  private closing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: LifecycleDeps,
    private readonly plan: ExecutionPlan,
  ) {
    this.logStream = logStreamName(new Date(), plan.version);
    const ref = { accountId: plan.accountId, region: plan.region, logGroup: plan.logGroup ?? defaultLogGroup(plan.functionName) };
    this.stored = deps.logs?.writer(ref, this.logStream);
  }

  get current(): LifecycleState {
    return this.state;
  }

  /** Calls `onExit` if the container stops (as when killed while idle); returns the function that stops watching. */
  watchExit(onExit: () => void): () => void {
    return this.environment?.watchExit(onExit) ?? (() => undefined);
  }

  async invoke(request: InvocationRequest, options: UseOptions = {}): Promise<EnvironmentUse> {
    if (this.state !== 'new' && this.state !== 'idle') {
      throw new Error(`An execution environment takes one invoke at a time, and this one is ${this.state}.`);
    }
    this.state = 'busy';
    const done = this.serve(request, options);
    // Whole, its log included: a shutdown after an early reuse waits for it (closeAfterReuse).
    this.closing = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async serve(request: InvocationRequest, options: UseOptions): Promise<EnvironmentUse> {
    const requestId = randomUUID();
    // Every line of the invoke, wherever it ran (one-shot, warm pool, Event queue), is stored from here.
    const stored = this.stored;
    const sink = this.order.next((line) => {
      stored?.line(line);
      request.onLog?.(line);
    });
    const log = new LogCollector(sink.write);
    this.output.target = log;
    let answered: InvocationAnswer | undefined;
    const answer = (value: InvocationAnswer): void => {
      if (answered !== undefined) return;
      answered = value;
      request.onResponse?.(value);
    };
    try {
      const result = await this.use(request, requestId, log, answer, options);
      // An extension that fails after the runtime answered resets the environment, but the caller
      // keeps the runtime's answer (docs/extensions.md#failures).
      const kept = answered === undefined ? result : { ...result, payload: answered.payload, functionError: answered.functionError };
      return { result: kept, reusable: this.current === 'idle' };
    } catch (error) {
      // An abort (Ctrl-C, a stopping server): nothing of the environment may be left behind.
      await this.end('failure');
      throw error;
    } finally {
      sink.close();
    }
  }

  /** Ends the environment through the shutdown phase; idempotent, and the first reason is the one. */
  async shutdown(reason: ShutdownReason = 'spindown'): Promise<void> {
    if (this.state === 'busy' || this.ended !== undefined) return this.end(reason);
    // What the container prints now (an extension's SHUTDOWN output) belongs to no invoke, but it is in
    // the environment's log stream, as in Lambda (docs/extensions.md#shutdown).
    const stored = this.stored;
    const sink = this.order.next((line) => stored?.line(line));
    const streamOnly = new LogCollector(sink.write);
    this.output.target = streamOnly;
    await this.end(reason);
    // The invoke before may still be closing its log: its container's end lets it.
    await this.closing;
    this.environment?.flushOutput();
    streamOnly.flush();
    sink.close();
    stored?.flush();
  }

  private async use(
    request: InvocationRequest,
    requestId: string,
    log: LogCollector,
    answer: (value: InvocationAnswer) => void,
    options: UseOptions,
  ): Promise<InvocationResult> {
    const last = options.last === true;
    const close = async (end: EventEnd, figures: ReportFigures): Promise<InvocationResult> => {
      // Not answered early (no INVOKE extension, a refusal, a failed init, a timeout, a crash): the caller
      // is answered once the invoke is closed, so a warm environment is free again for the next caller.
      const ending = { last, early: request.onResponse !== undefined, onReusable: options.onReusable };
      const result = await this.close(requestId, log, end, figures, ending, () => answer(answerOf(requestId, this.plan, end)));
      answer(answerOf(requestId, this.plan, end));
      return result;
    };
    const aborted = abortPromise(request.signal);
    const clock = new PhaseClock(request.onPhase);
    if (this.environment !== undefined) this.environment.clock = clock;
    let initDurationMs: number | undefined;
    const cold = this.environment === undefined;
    if (this.environment === undefined) {
      const refusal = await this.refusal(requestId);
      clock.mark('bootstrap-check');
      if (refusal !== undefined) {
        log.line(startLine(requestId, this.plan.version));
        const end: EventEnd = { payload: refusal, failed: true, reset: 'failure' };
        return close(end, { durationMs: 0, initDurationMs: undefined, maxMemoryUsedMb: 0 });
      }
      const initialised = await runInit(this.deps, this.plan, this.output, aborted, clock, this.logStream);
      if (this.ended !== undefined) {
        // Shut down while its container was starting: the container must not outlive that.
        await runShutdown(initialised.environment, 'spindown');
        throw new Error('The execution environment was shut down during its init.');
      }
      this.environment = initialised.environment;
      initDurationMs = initialised.initDurationMs;
      for (const notice of initialised.environment.notices) request.onNotice?.(notice);
      // Lambda's status line of each extension closes its init, before START (docs/extensions.md#log-lines).
      for (const extension of initialised.environment.server.extensions.extensions) log.line(extensionLine(extension));
      if (initialised.init.kind !== 'ready') {
        log.line(initReport(initialised.init, initialised.environment));
        log.line(startLine(requestId, this.plan.version));
        const end = initFailure(initialised.init, initialised.environment, requestId, log);
        const maxMemoryUsedMb = await maxMemoryUsed(initialised.environment, this.plan);
        return close(end, { durationMs: 0, initDurationMs, maxMemoryUsedMb });
      }
    }
    const environment = this.environment;
    log.line(startLine(requestId, this.plan.version));
    const started = performance.now();
    // Without an INVOKE extension the invoke ends with the runtime's answer: the caller is answered once
    // END and REPORT are written, so the next caller finds the environment free, as in Lambda.
    const end = await runEvent(environment, this.plan, request, requestId, log, aborted, (runtimeEnd) => {
      if (environment.server.session.invokeOutlastsRuntime) answer(answerOf(requestId, this.plan, runtimeEnd));
    });
    // Lambda's Duration runs to the end of the invoke phase: the extensions' time after the runtime's
    // answer is in it (docs/lifecycle.md#when-the-caller-gets-the-answer).
    const durationMs = performance.now() - started;
    clock.mark('invoke');
    if (cold) {
      this.maxMemoryUsedMb = await maxMemoryUsed(environment, this.plan);
      this.sampledAt = performance.now();
      clock.mark('memory');
    } else this.sampleMemory(environment);
    return close(end, { durationMs, initDurationMs, maxMemoryUsedMb: this.maxMemoryUsedMb });
  }

  /**
   * A `provided` function with no bootstrap anywhere, or one of the other architecture, never gets a
   * container: Lambda answers with Runtime.InvalidEntrypoint (bootstrap-check.ts, docs/architectures.md).
   * Returns that payload, or undefined when the plan can run.
   */
  private async refusal(requestId: string): Promise<Buffer | undefined> {
    const { plan } = this;
    if (runtimeInfo(plan.runtime).family !== 'provided' || plan.imageOverride !== undefined) return undefined;
    const bootstrap = await chosenBootstrap(plan.codeDir, plan.layerDirs);
    if (bootstrap === undefined) return invalidEntrypointPayload(requestId);
    return (await isForeignElf(bootstrap.hostPath, plan.architecture)) ? foreignBootstrapPayload(requestId, bootstrap.path) : undefined;
  }

  private async close(
    requestId: string,
    log: LogCollector,
    end: EventEnd,
    figures: ReportFigures,
    ending: { readonly last: boolean; readonly early: boolean; readonly onReusable: (() => void) | undefined },
    onClosed: () => void,
  ): Promise<InvocationResult> {
    const { last } = ending;
    // Before shutdown, which flushes the subscribers' buffers: the report must be in the last batch.
    const telemetry = this.environment?.server.telemetry;
    for (const item of reported(requestId, this.plan, end, figures, end.traceId)) telemetry?.publish(item);
    // The last invoke of an environment that is fine (a one-shot `lsim invoke`) and has no extension to
    // hear SHUTDOWN is answered before its shutdown, as Lambda answers long before it tears an environment
    // down: the container's removal is not the caller's wait (issue 15, docs/cold-start.md). With an
    // extension, the shutdown runs before END so the invoke's log holds its lines (docs/extensions.md); a
    // reset (crash, timeout) shuts down first; and so does a user image, which answers no output markers
    // (the one way to know its output is all in, short of the shutdown's drain).
    const answerFirst =
      end.reset === undefined &&
      last &&
      this.plan.imageOverride === undefined &&
      (this.environment?.server.extensions.extensions.length ?? 1) === 0;
    const environment = this.environment;
    // A warm environment whose caller takes the answer as soon as it is known (`lsim serve`'s invokes without
    // LogType=Tail) is free again once lsim-entry has written the marker: from then on whatever the container
    // writes is behind it, and RoutedLog files it under the next invoke (docs/lifecycle.md#the-next-invoke-before-the-marker-is-back).
    // With an extension the output's end is also the extensions' (their lines, the Logs API): not done then.
    const freeEarly =
      end.reset === undefined &&
      !last &&
      ending.early &&
      ending.onReusable !== undefined &&
      environment !== undefined &&
      environment.server.extensions.extensions.length === 0;
    if (freeEarly) return this.closeAfterReuse(environment, requestId, log, end, figures, onClosed, ending.onReusable);
    if (end.reset !== undefined || (last && !answerFirst)) await this.end(end.reset ?? 'spindown');
    else {
      // A shutdown drains the container's output; a warm environment's must be waited for before END.
      await this.environment?.outputSettled();
      if (!answerFirst) this.state = 'idle';
    }
    this.environment?.flushOutput();
    log.flush();
    const result = finish(requestId, this.plan, log, end, figures);
    this.stored?.flush();
    if (answerFirst) {
      onClosed();
      await this.end('spindown');
      this.environment?.flushOutput();
      log.flush();
      this.stored?.flush();
    }
    return result;
  }

  /**
   * The marker written, the caller has the answer and the environment takes the next invoke; END and REPORT
   * come when the marker is back. Its stream's partial lines were cut at the marker (routed-log.ts), so no
   * flush of the container's output here: what is unfinished now is the next invoke's.
   */
  private async closeAfterReuse(
    environment: ExecutionEnvironment,
    requestId: string,
    log: LogCollector,
    end: EventEnd,
    figures: ReportFigures,
    onClosed: () => void,
    onReusable: () => void,
  ): Promise<InvocationResult> {
    const { written, arrived } = environment.settleOutput();
    await written;
    this.state = 'idle';
    onClosed();
    onReusable();
    await arrived;
    log.flush();
    const result = finish(requestId, this.plan, log, end, figures);
    this.stored?.flush();
    return result;
  }

  private end(reason: ShutdownReason): Promise<void> {
    this.state = 'ended';
    const environment = this.environment;
    this.ended ??= environment === undefined ? Promise.resolve() : runShutdown(environment, reason).catch(() => undefined);
    return this.ended;
  }

  private sampleMemory(environment: ExecutionEnvironment): void {
    if (this.sampling || performance.now() - this.sampledAt < MEMORY_SAMPLE_INTERVAL_MS) return;
    this.sampling = true;
    maxMemoryUsed(environment, this.plan)
      .then((mb) => (this.maxMemoryUsedMb = Math.max(this.maxMemoryUsedMb, mb)))
      .catch(() => undefined)
      .finally(() => {
        this.sampling = false;
        this.sampledAt = performance.now();
      });
  }
}
