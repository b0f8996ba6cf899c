import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeAdHoc, type Invoked } from './invoke-helpers.js';
import { LsimHome } from './lsim-home.js';

/** A value, or one computed from the invoke (for its request id and the like). */
export type FromInvoke<T> = T | ((invoked: Invoked) => T);

/** A JSON value as `toEqual` compares it (asymmetric matchers allowed inside). */
export type Payload = object | string | number | boolean | null;

/** What one invoke must answer: a response (functionError unset) or an error payload (`Unhandled`). */
export type Expected =
  { readonly response: FromInvoke<Payload>; readonly error?: never } | { readonly error: FromInvoke<Payload>; readonly response?: never };

/**
 * One row of a runtime's case table: `code` and `layers` name trees of the file's `trees` map
 * (folders on this machine, in Lambda's layer order), so rows stay plain data.
 */
export interface RuntimeCase<Tree extends string = string> {
  readonly runtime: string;
  /** x86_64 unless said: arm64 runs the arm64 image under QEMU (docs/architectures.md). */
  readonly architecture?: 'x86_64' | 'arm64';
  readonly handler: string;
  readonly code: Tree;
  readonly layers?: readonly Tree[];
  readonly env?: Readonly<Record<string, string>>;
  /** The event, serialised as JSON (default `{}`). */
  readonly event?: unknown;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  readonly expected: Expected;
  /** The payload's exact text, where the bytes matter and not only the JSON they parse to. */
  readonly payload?: string;
  /** Each string must occur in the invoke's log, each pattern must match it. */
  readonly log?: FromInvoke<readonly (string | RegExp)[]>;
  /** Strings the log must not contain. */
  readonly notInLog?: readonly string[];
  /** A short note for the test title (the README's reason: "path bug 5", ...). */
  readonly note?: string;
}

/** `nodejs20.x index.handler [function + layer, NODE_PATH=...] (note)`: a readable, unique title. */
export function caseTitle(row: RuntimeCase): string {
  const trees = [row.code, ...(row.layers ?? [])].join(' + ');
  const env = Object.entries(row.env ?? {}).map(([key, value]) => `${key}=${value}`);
  const event = row.event === undefined ? '' : ` ${JSON.stringify(row.event)}`;
  const arch = row.architecture === 'arm64' ? ' arm64' : '';
  return `${row.runtime}${arch} ${row.handler}${event} [${[trees, ...env].join(', ')}]${row.note === undefined ? '' : ` (${row.note})`}`;
}

/** Rows as `[title, row]` pairs for `it.each(...)('%s', ...)`. */
export function titled<Row extends RuntimeCase>(rows: readonly Row[]): [string, Row][] {
  return rows.map((row) => [caseTitle(row), row]);
}

function resolve<T>(value: FromInvoke<T>, invoked: Invoked): T {
  return typeof value === 'function' ? (value as (invoked: Invoked) => T)(invoked) : value;
}

/** Runs one row as `lsim invoke --runtime --handler --code --layer...` and asserts all of it. */
export async function runCase<Tree extends string>(
  lsim: LsimHome,
  trees: Readonly<Record<Tree, string>>,
  row: RuntimeCase<Tree>,
): Promise<Invoked> {
  const invoked = await invokeAdHoc(lsim, {
    runtime: row.runtime,
    ...(row.architecture === undefined ? {} : { architecture: row.architecture }),
    handler: row.handler,
    code: trees[row.code],
    layers: (row.layers ?? []).map((name) => trees[name]),
    event: row.event,
    ...(row.env === undefined ? {} : { environment: row.env }),
    ...(row.memoryMb === undefined ? {} : { memoryMb: row.memoryMb }),
    ...(row.timeoutSeconds === undefined ? {} : { timeoutSeconds: row.timeoutSeconds }),
  });
  const { result, body, log } = invoked;
  const context = `payload ${invoked.text}\nlog:\n${log}`;
  if (row.expected.error !== undefined) {
    expect(result.functionError, context).toBe('Unhandled');
    expect(body, context).toEqual(resolve(row.expected.error, invoked));
  } else {
    expect(result.functionError, context).toBeUndefined();
    expect(body, context).toEqual(resolve(row.expected.response, invoked));
  }
  if (row.payload !== undefined) expect(invoked.text).toBe(row.payload);
  for (const wanted of resolve(row.log ?? [], invoked)) {
    if (typeof wanted === 'string') expect(log).toContain(wanted);
    else expect(log).toMatch(wanted);
  }
  for (const unwanted of row.notInLog ?? []) expect(log).not.toContain(unwanted);
  return invoked;
}

/**
 * A family's table as one `describe`: a throwaway LsimHome, `trees(lsim)` made once before the rows (fixture
 * folders, or fixtures built in that home), one test per row, and no container left behind after each.
 */
export function describeRuntimeCases<Tree extends string>(
  family: string,
  rows: readonly RuntimeCase<Tree>[],
  trees: (lsim: LsimHome) => Readonly<Record<Tree, string>> | Promise<Readonly<Record<Tree, string>>>,
): void {
  describe(`${family} runtime cases (test/fixtures/${family})`, () => {
    let lsim: LsimHome;
    let made: Readonly<Record<Tree, string>>;

    beforeAll(async () => {
      lsim = new LsimHome(`lsim-it-cases-${family}-`);
      made = await trees(lsim);
    });

    afterEach(() => {
      expect(lsim.leftoverContainers()).toEqual([]);
    });

    afterAll(() => lsim?.dispose());

    it.each(titled(rows))('%s', async (_title, row) => {
      await runCase(lsim, made, row);
    });
  });
}
