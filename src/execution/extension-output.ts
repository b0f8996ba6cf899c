import type { LogItem } from '../runtime-api/telemetry/records.js';

/**
 * `lsim-entry` starts the extensions and prefixes every line they print with this (images/common/lsim-entry),
 * so that one output stream tells an extension's lines from the runtime's: Telemetry and Logs API subscribers
 * get them as `extension` records, and the function log shows them without it, as Lambda does
 * (docs/telemetry.md#records).
 */
export const EXTENSION_LINE_MARKER = '\u001elsim-extension\u001f';

/** One line of the container's output as a record: an extension's (its marker stripped) or the runtime's. */
export function outputItem(line: string): LogItem {
  return line.startsWith(EXTENSION_LINE_MARKER)
    ? { type: 'extension', record: line.slice(EXTENSION_LINE_MARKER.length) }
    : { type: 'function', record: line };
}
