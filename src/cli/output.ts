import { PythonFloat } from './output-format/python-str.js';

/**
 * The only module that touches stdout and stderr. Everything else hands text to an `Output`, so
 * tests capture exactly what a user would see.
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** stdout's width when it is a terminal (table output and `--color auto` depend on it). */
  terminalColumns?(): number | undefined;
  /** stderr when it is a terminal, for progress that redraws its line (progress-display.ts). */
  errTerminal?(): NodeJS.WritableStream | undefined;
}

export const processOutput: Output = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  terminalColumns: () => (process.stdout.isTTY ? process.stdout.columns : undefined),
  // A terminal that reports no width (some ptys) cannot have its line redrawn: plain lines there.
  errTerminal: () =>
    process.stderr.isTTY && (process.stderr.columns ?? 0) > 0 && process.env.TERM !== 'dumb' ? process.stderr : undefined,
};

/**
 * The aws CLI's `--output json`: Python's `json.dump(indent=4, ensure_ascii=False)` plus a newline,
 * which JSON.stringify with 4 spaces reproduces for the strings, numbers and lists Lambda returns.
 */
export function formatJson(value: unknown): string {
  if (!containsFloat(value)) return `${JSON.stringify(value, null, 4)}\n`;
  // JSON.stringify has no way to print a number as `0.0`: a marked string stands in for it.
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof PythonFloat ? `${FLOAT_MARK}${item.toString()}` : item), 4);
  return `${text.replace(new RegExp(`"${FLOAT_MARK}([^"]*)"`, 'g'), '$1')}\n`;
}

const FLOAT_MARK = '\u{E000}float:';

function containsFloat(value: unknown): boolean {
  if (value instanceof PythonFloat) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(containsFloat);
}

/** Collects everything written, for tests and for in-process callers. */
export class CapturedOutput implements Output {
  stdout = '';
  stderr = '';

  out(text: string): void {
    this.stdout += text;
  }

  err(text: string): void {
    this.stderr += text;
  }
}
