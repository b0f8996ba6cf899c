import { PagedResponse } from '../output-format/paged-response.js';
import { decodeToken, encodeToken } from './pagination-token.js';

export interface PageRequest {
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface PageOptions {
  readonly maxItems?: number | undefined;
  readonly pageSize?: number | undefined;
  readonly startingToken?: string | undefined;
}

type Page<K extends string> = { readonly NextMarker?: string } & { readonly [P in K]: readonly unknown[] };

/**
 * The aws CLI's automatic pagination (botocore's PageIterator and build_full_result): fetch pages
 * until done or `maxItems` items are collected, print them as one list, and add `NextToken` when
 * items remain. `NextMarker` never reaches the output.
 */
export function paginate<K extends string>(
  resultKey: K,
  fetch: (request: PageRequest) => Page<K>,
  options: PageOptions,
): Record<string, unknown> {
  return paginatePages(resultKey, fetch, options).fullResult();
}

/** The pages themselves, as text and yaml-stream output print them one by one. */
export function paginatePages<K extends string>(
  resultKey: K,
  fetch: (request: PageRequest) => Page<K>,
  options: PageOptions,
): PagedResponse {
  const start = options.startingToken === undefined ? undefined : decodeToken(options.startingToken);
  const { maxItems, pageSize } = options;
  let marker = start?.marker;
  let skip = start?.skip ?? 0;
  const pages: Record<string, unknown>[] = [];
  let count = 0;
  let nextToken: string | undefined;
  let previousMarker: string | undefined;
  for (;;) {
    const page = fetch({
      ...(marker === undefined ? {} : { Marker: marker }),
      ...(pageSize === undefined ? {} : { MaxItems: pageSize }),
    });
    const pageItems = page[resultKey].slice(skip);
    const truncate = maxItems === undefined ? 0 : count + pageItems.length - maxItems;
    if (truncate > 0) {
      const keep = pageItems.length - truncate;
      pages.push({ ...page, [resultKey]: pageItems.slice(0, keep) });
      nextToken = encodeToken({ marker, skip: keep + skip });
      break;
    }
    pages.push({ ...page, [resultKey]: pageItems });
    count += pageItems.length;
    skip = 0;
    const next = page.NextMarker;
    if (next === undefined || next === '') break;
    if (maxItems !== undefined && count === maxItems) {
      nextToken = encodeToken({ marker: next });
      break;
    }
    if (next === previousMarker) throw new Error(`The same next token was received twice: ${next}`);
    previousMarker = next;
    marker = next;
  }
  return new PagedResponse(resultKey, pages, nextToken);
}
