import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LsimError } from '../../common/errors.js';
import { userImageFor } from '../../runtimes/aws-base-image.js';
import { nearestInterpreterNote } from '../../runtimes/runtime-catalogue.js';
import { explainInvokeFailure } from '../../doctor/explain-failure.js';
import type { DoctorSubject } from '../../doctor/doctor-subject.js';
import { subjectAdHoc, subjectForFunction, type DoctorDeps } from '../../doctor/load-subject.js';
import type { ExecutionPlan } from '../../execution/execution-plan.js';
import { logTail } from '../../execution/log-collector.js';
import type { LocalExecutor } from '../../execution/local-executor.js';
import { planAdHoc, planForFunction, type AdHocFunction } from '../../execution/prepare-plan.js';
import type { ArgReader } from '../arg-reader.js';
import { CommandOutcome } from '../command-definition.js';
import type { CliContext } from '../context.js';
import { templateFunction } from './template-function.js';

/**
 * Lambda's synchronous request limit. Only the response-side text is recorded; the request side is
 * worded like the other "Request must be smaller than" errors (unconfirmed: docs/deviations.md#invoke-request-size).
 */
const MAX_PAYLOAD_BYTES = 6_291_556;
const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;
export type InvocationType = (typeof INVOCATION_TYPES)[number];

/** The body of `lsim invoke`, loaded only when the command runs (it pulls in heavy modules). */
export async function runInvoke(args: ArgReader, ctx: CliContext): Promise<unknown> {
  // Node's start-up, lsim's modules and the command line: what precedes the command itself.
  const cliMs = performance.now();
  ctx.debugLog(`phase cli ${cliMs.toFixed(1)} ms`);
  const invocationType = readInvocationType(args);
  const payload = readPayload(args, ctx);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new LsimError(
      'RequestEntityTooLargeException',
      `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the Invoke operation`,
    );
  }
  const template = args.string('template');
  // With -t the positional names the function and the response goes to stdout, as `sam local invoke` prints it.
  const outfile = template === undefined ? resolve(ctx.cwd, args.positional('outfile')) : undefined;
  const request: LocalInvoke = { invocationType, payload, outfile, cliMs };
  if (args.flag('watch')) {
    const { watchInvoke } = await import('./invoke-watch.js');
    return watchInvoke(args, ctx, request);
  }
  if (template === undefined && outfile !== undefined) {
    const served = await invokeOnServer(args, ctx, invocationType, payload);
    if (served !== undefined) {
      writeFileSync(outfile, invocationType === 'Event' ? '' : served.payload);
      return served.outcome;
    }
  }
  const { executor } = await ctx.services();
  return invokeLocally(args, ctx, executor, request);
}

/** What one local invoke of the command line needs, read from it once. */
export interface LocalInvoke {
  readonly invocationType: InvocationType;
  readonly payload: Buffer;
  /** Absent with -t: the response goes to stdout. */
  readonly outfile: string | undefined;
  /** When the command line was read, for `--debug`'s phases. */
  readonly cliMs: number;
}

/**
 * One invoke in a container of its own, the function read as it is now: from the registry, or from the
 * ad-hoc folders or the template (`adHoc`, when the caller has read them already).
 */
export async function invokeLocally(
  args: ArgReader,
  ctx: CliContext,
  executor: LocalExecutor,
  { invocationType, payload, outfile, cliMs }: LocalInvoke,
  adHoc?: AdHocFunction,
): Promise<CommandOutcome> {
  const read = await readPlan(args, ctx, executor, adHoc);
  const plan = { ...read.plan, imageOverride: userImageFor(ctx.config, read.plan.runtime, args.string('image')) };
  const subject = read.subject;
  const nearest = plan.imageOverride === undefined ? nearestInterpreterNote(plan.runtime) : undefined;
  if (nearest !== undefined) ctx.progress(`${nearest}\n`);
  if (invocationType === 'DryRun') return new CommandOutcome({ json: { StatusCode: 204 } });

  const clientContext = args.string('client-context');
  // The registry read, the code and layers extracted (or found in the cache), the plan checked.
  ctx.debugLog(`phase plan ${(performance.now() - cliMs).toFixed(1)} ms`);
  // The response is out as soon as the runtime posts it, as Lambda returns it; the log goes on to END,
  // REPORT and the shutdown (docs/lifecycle.md#when-the-caller-gets-the-answer).
  const respond = (answer: Buffer): void => {
    if (outfile === undefined) ctx.print(`${answer.toString('utf8')}\n`);
    else writeFileSync(outfile, invocationType === 'Event' ? '' : answer);
  };
  const result = await executor.invoke(plan, {
    payload,
    clientContext: clientContext === undefined ? undefined : Buffer.from(clientContext, 'base64').toString('utf8'),
    onLog: (line) => ctx.progress(`${line}\n`),
    onNotice: (text) => ctx.progress(`${text}\n`),
    signal: ctx.signal,
    onPhase: ({ phase, ms }) => ctx.debugLog(`phase ${phase} ${ms.toFixed(1)} ms`),
    onResponse: (answer) => respond(answer.payload),
  });
  if (result.functionError !== undefined) await explain(ctx, subject, result.payload);
  // With -t the response is on stdout already (respond above).
  if (outfile === undefined) return new CommandOutcome({});
  if (invocationType === 'Event') return new CommandOutcome({ json: { StatusCode: 202 } });
  return new CommandOutcome({
    json: {
      StatusCode: 200,
      ...(result.functionError === undefined ? {} : { FunctionError: result.functionError }),
      ...(args.string('log-type') === 'Tail' ? { LogResult: logTail(result.log) } : {}),
      ExecutedVersion: result.executedVersion,
    },
  });
}

/**
 * A registered function's invoke goes to the `lsim serve` of this home when one runs, so a loop of
 * invokes gets its warm environment; `--no-server` (and what only a one-shot does: --image, AWS's
 * images) runs a container of its own (docs/serve.md#the-cli-reuses-a-running-server).
 */
async function invokeOnServer(
  args: ArgReader,
  ctx: CliContext,
  invocationType: InvocationType,
  payload: Buffer,
): Promise<{ payload: Buffer; outcome: CommandOutcome } | undefined> {
  const functionName = args.string('function-name');
  if (functionName === undefined || invocationType === 'DryRun' || args.flag('no-server')) return undefined;
  if (args.string('image') !== undefined || ctx.config.preferAwsImages) return undefined;
  const { invokeServed, usableServer } = await import('./invoke-served.js');
  const entry = usableServer(ctx.config);
  if (entry === undefined) return undefined;
  ctx.debugLog(`invoking through lsim serve at ${entry.url}`);
  const result = await invokeServed(
    entry,
    ctx.config,
    { functionName, qualifier: args.string('qualifier'), invocationType, payload, clientContext: args.string('client-context') },
    ctx.signal,
  );
  for (const line of result.log) ctx.progress(`${line}\n`);
  const json =
    invocationType === 'Event'
      ? { StatusCode: 202 }
      : {
          StatusCode: 200,
          ...(result.functionError === undefined ? {} : { FunctionError: result.functionError }),
          ...(args.string('log-type') === 'Tail' && result.logResult !== undefined ? { LogResult: result.logResult } : {}),
          ...(result.executedVersion === undefined ? {} : { ExecutedVersion: result.executedVersion }),
        };
  return { payload: result.payload, outcome: new CommandOutcome({ json }) };
}

function readInvocationType(args: ArgReader): InvocationType {
  const value = args.string('invocation-type') ?? 'RequestResponse';
  if ((INVOCATION_TYPES as readonly string[]).includes(value)) return value as InvocationType;
  throw new LsimError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at 'invocationType' failed to satisfy constraint: ` +
      'Member must satisfy enum value set: [Event, RequestResponse, DryRun]',
  );
}

/** `fileb://` is raw bytes; `file://` and inline text are the JSON itself (raw-in-base64-out). */
function readPayload(args: ArgReader, ctx: CliContext): Buffer {
  const event = args.string('event');
  if (event !== undefined) return readEvent(resolve(ctx.cwd, event));
  const raw = args.rawString('payload') ?? '';
  if (raw.startsWith('fileb://')) {
    const path = resolve(ctx.cwd, raw.slice('fileb://'.length));
    try {
      return readFileSync(path);
    } catch {
      throw new LsimError(
        'ParamValidation',
        `Error parsing parameter '--payload': Unable to load paramfile ${raw}: [Errno 2] No such file or directory: '${path}'`,
      );
    }
  }
  const text = args.string('payload') ?? '{}';
  if (args.string('cli-binary-format') === 'base64') return Buffer.from(text, 'base64');
  return Buffer.from(text, 'utf8');
}

function readEvent(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new LsimError('ParamValidation', `--event: no such file: ${path}`);
  }
}

/**
 * After a failed invoke, the doctor's short diagnosis when the error is a not-found or a permission
 * error: printed after the runtime's own error, never changing the payload or the exit status. A
 * failure of the diagnosis itself must not mask the invoke's result, so it is only debug-logged.
 */
async function explain(ctx: CliContext, subject: () => Promise<DoctorSubject>, payload: Buffer): Promise<void> {
  try {
    const diagnosis = explainInvokeFailure(await subject(), payload);
    if (diagnosis !== undefined) ctx.progress(`\n${diagnosis.trimEnd()}\n`);
  } catch (error) {
    ctx.debugLog(`no diagnosis: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface ReadPlan {
  readonly plan: ExecutionPlan;
  /** The same function as the doctor sees it, built only when a failure needs explaining. */
  readonly subject: () => Promise<DoctorSubject>;
}

async function readPlan(args: ArgReader, ctx: CliContext, executor: LocalExecutor, given?: AdHocFunction): Promise<ReadPlan> {
  const functionName = given === undefined ? args.string('function-name') : undefined;
  const config = ctx.config;
  const deps: DoctorDeps = { cache: executor.cache, home: config.home, api: () => ctx.api() };
  if (functionName !== undefined) {
    const api = await ctx.api();
    const qualifier = args.string('qualifier');
    const resolved = api.resolveFunction({ FunctionName: functionName, ...(qualifier === undefined ? {} : { Qualifier: qualifier }) });
    return { plan: await planForFunction(resolved, config, executor.cache), subject: () => subjectForFunction(resolved, deps) };
  }
  const adHoc = given ?? commandLineFunction(args, ctx);
  const plan = await planAdHoc(adHoc, config, executor.cache, ctx.cwd, () => ctx.api());
  return { plan, subject: () => subjectAdHoc(adHoc, deps, ctx.cwd) };
}

/** The function of the ad-hoc form or of `-t`, its folders and template read as they are now. */
export function commandLineFunction(args: ArgReader, ctx: CliContext): AdHocFunction {
  const template = args.string('template');
  return template === undefined ? adHocFunction(args) : templateFunction(template, args.positional('outfile'), args, ctx);
}

function adHocFunction(args: ArgReader): AdHocFunction {
  const runtime = args.string('runtime');
  const handler = args.string('handler');
  const code = args.string('code');
  if (runtime === undefined || handler === undefined || code === undefined) {
    throw new LsimError(
      'ParamValidation',
      'lsim invoke needs --function-name, -t TEMPLATE, or the ad-hoc form --runtime, --handler and --code (with --layer as needed).',
    );
  }
  return {
    runtime,
    architecture: args.repeated('architectures')[0],
    handler,
    code,
    layers: args.repeated('layer'),
    environment: args.structure<{ Variables?: Record<string, string> }>('environment')?.Variables,
    timeoutSeconds: args.integer('timeout'),
    memoryMb: args.integer('memory-size'),
  };
}
