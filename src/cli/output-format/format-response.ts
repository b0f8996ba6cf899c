import { formatJson } from '../output.js';
import { PagedResponse } from './paged-response.js';
import { isObject } from './python-str.js';
import type { Query } from './query.js';
import { formatTable } from './table-format.js';
import { formatText } from './text-format.js';
import { formatYaml } from './yaml-format.js';

export const OUTPUT_FORMATS = ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const isOutputFormat = (value: string): value is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(value);

export interface FormatOptions {
  readonly format: OutputFormat;
  /** The API operation's name, the title of table output (`ListLayers`). */
  readonly operation: string;
  readonly query: Query | undefined;
  readonly color: boolean;
  readonly terminalWidth: number;
}

const isEmptyDict = (value: unknown): boolean => isObject(value) && Object.keys(value).length === 0;

/**
 * What the aws CLI prints for a response in each `--output` format (awscli/formatter.py); a response
 * without output (`{}`, e.g. DeleteLayerVersion) prints nothing in json, yaml and table.
 */
export function formatResponse(response: unknown, options: FormatOptions): string {
  const { query } = options;
  const apply = (value: unknown): unknown => (query === undefined ? value : query(value));
  switch (options.format) {
    case 'off':
      return '';
    case 'text':
      if (response instanceof PagedResponse) {
        const pages = response.pages.map((page) => formatText(apply({ [response.resultKey]: page[response.resultKey] ?? null })));
        if (response.resumeToken !== undefined) pages.push(formatText(apply({ NextToken: { NextToken: response.resumeToken } })));
        return pages.join('');
      }
      return formatText(apply(response));
    case 'yaml-stream': {
      const stream = response instanceof PagedResponse ? response.pages.map(apply) : [apply(response)];
      if (!(response instanceof PagedResponse) && isEmptyDict(stream[0])) return '';
      return stream.map((item) => formatYaml([item])).join('');
    }
    default:
      break;
  }
  const full = apply(response instanceof PagedResponse ? response.fullResult() : response);
  if (isEmptyDict(full)) return '';
  if (options.format === 'yaml') return formatYaml(full);
  if (options.format === 'table')
    return formatTable(options.operation, full, { color: options.color, terminalWidth: options.terminalWidth });
  return formatJson(full);
}
