/** One thing the doctor has to say, with the fix; `code` is stable so scripts and tests can key on it. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fix: string;
  /** Sandbox paths (/opt/..., /var/task/...) the finding is about; may be empty. */
  readonly paths: readonly string[];
}

/** Long path lists make unreadable reports; the first few name the problem well enough. */
export const MAX_LISTED_PATHS = 10;

export function listed(paths: readonly string[]): string {
  const head = paths.slice(0, MAX_LISTED_PATHS).join(', ');
  return paths.length > MAX_LISTED_PATHS ? `${head} and ${paths.length - MAX_LISTED_PATHS} more` : head;
}
