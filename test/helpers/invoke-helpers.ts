import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import type { InvocationResult } from '../../src/execution/execution-plan.js';
import { planAdHoc, planForFunction, type AdHocFunction } from '../../src/execution/prepare-plan.js';
import type { LsimHome } from './lsim-home.js';
import { makeZip, type ZipSpecEntry } from './make-zip.js';

/**
 * A file's text (mode 0644), or its bytes with a mode; `mode: null` makes a zip entry without unix
 * attributes, as Windows zippers write them (a folder fixture gets 0644 then).
 */
export type TreeEntry = string | { readonly data: string | Buffer; readonly mode?: number | null } | { readonly symlink: string };
/** Relative path → content: a whole function or layer tree in one literal. */
export type TreeSpec = Readonly<Record<string, TreeEntry>>;

/** Writes `spec` under `<home>/fixtures/<name>` (files 0644 unless said, folders 0755); returns the folder. */
export function fixtureDir(lsim: LsimHome, name: string, spec: TreeSpec): string {
  const root = join(lsim.home, 'fixtures', name);
  mkdirSync(root, { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  for (const [path, entry] of Object.entries(spec)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    if (typeof entry === 'object' && 'symlink' in entry) {
      symlinkSync(entry.symlink, target);
      continue;
    }
    const data = typeof entry === 'string' ? entry : entry.data;
    const mode = typeof entry === 'string' ? 0o644 : (entry.mode ?? 0o644);
    writeFileSync(target, data);
    chmodSync(target, mode);
  }
  return root;
}

/** The same tree as a zip at `<home>/fixtures/<name>.zip`, with unix modes (0644 unless said). */
export function fixtureZip(lsim: LsimHome, name: string, spec: TreeSpec): string {
  const entries: ZipSpecEntry[] = Object.entries(spec).map(([path, entry]) => {
    if (typeof entry === 'object' && 'symlink' in entry) return { name: path, type: 'symlink', target: entry.symlink };
    if (typeof entry === 'string') return { name: path, data: entry, mode: 0o644 };
    if (entry.mode === null) return { name: path, data: entry.data };
    return { name: path, data: entry.data, mode: entry.mode ?? 0o644 };
  });
  const path = join(lsim.home, 'fixtures', `${name}.zip`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, makeZip(entries));
  return path;
}

export interface Invoked {
  readonly result: InvocationResult;
  /** The payload parsed as JSON, or its text when it is not JSON. */
  readonly body: unknown;
  readonly text: string;
  readonly log: string;
}

export interface AdHocCase extends Omit<AdHocFunction, 'layers'> {
  readonly layers?: readonly string[];
  /** The event, serialised as JSON (default `{}`). */
  readonly event?: unknown;
}

function invoked(result: InvocationResult): Invoked {
  const text = result.payload.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { result, body, text, log: result.log };
}

const eventBytes = (event: unknown): Buffer => Buffer.from(JSON.stringify(event ?? {}));

/** `lsim invoke --runtime --handler --code --layer...` through the library, as the CLI does it. */
export async function invokeAdHoc(lsim: LsimHome, input: AdHocCase): Promise<Invoked> {
  const { event, layers, ...fn } = input;
  const plan = await planAdHoc({ ...fn, layers: layers ?? [] }, lsim.config, lsim.executor.cache, lsim.home, async () => lsim.registry);
  return invoked(await lsim.executor.invoke(plan, { payload: eventBytes(event) }));
}

/** `lsim invoke --function-name F`: a registered function, code and layers from the blob store. */
export async function invokeFunction(lsim: LsimHome, functionName: string, event?: unknown): Promise<Invoked> {
  const resolved = lsim.registry.resolveFunction({ FunctionName: functionName });
  const plan = await planForFunction(resolved, lsim.config, lsim.executor.cache);
  return invoked(await lsim.executor.invoke(plan, { payload: eventBytes(event) }));
}

/** An error payload's errorType/errorMessage, for exact assertions. */
export function errorOf(body: unknown): { errorType?: string; errorMessage?: string } {
  const value = body as { errorType?: string; errorMessage?: string };
  return { errorType: value.errorType, errorMessage: value.errorMessage };
}

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The three platform lines of a cold invoke, exactly as Lambda prints them. */
export function platformLines(log: string, requestId: string): { start: string; end: string; report: string } {
  const lines = log.split('\n');
  const find = (prefix: string): string => {
    const line = lines.find((candidate) => candidate.startsWith(prefix));
    if (line === undefined) throw new Error(`no line starting ${JSON.stringify(prefix)} in log:\n${log}`);
    return line;
  };
  return {
    start: find(`START RequestId: ${requestId} `),
    end: find(`END RequestId: ${requestId}`),
    report: find(`REPORT RequestId: ${requestId}\t`),
  };
}

/** Lambda's cold-start REPORT line: Duration, Billed, Memory Size, Max Memory Used, Init Duration, trailing tab. */
export const COLD_REPORT =
  /^REPORT RequestId: [0-9a-f-]{36}\tDuration: (\d+\.\d\d) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\tInit Duration: (\d+\.\d\d) ms\t$/;

export const HOME_LABEL = LSIM_LABELS.home;
