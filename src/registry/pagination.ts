import { invalidParameter } from '../common/errors.js';

/**
 * Markers are opaque to clients (docs/lambda-facts.md#pagination): a base64url JSON of the last key of the page, so a
 * page boundary stays stable when items are added or deleted between calls.
 */
export function encodeMarker(lastKey: string | number): string {
  return Buffer.from(JSON.stringify({ k: lastKey })).toString('base64url');
}

export function decodeMarker<T extends string | number>(marker: string | undefined, kind: 'string' | 'number'): T | undefined {
  if (marker === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === kind) return parsed.k as T;
  } catch {
    // fall through to the error below
  }
  // Wording unconfirmed: no recorded AWS text for a marker that was not issued by the service.
  throw invalidParameter(`Invalid pagination marker: ${marker}`);
}

/**
 * The page size: MaxItems (its range checked by the decoder, shapes/), else `fallback`. The service's
 * default page size is undocumented (docs/lambda-facts.md#pagination); callers pass 50, the largest
 * the layer operations allow.
 */
export function pageSize(maxItems: number | undefined, fallback: number): number {
  return maxItems ?? fallback;
}

/** Splits a `limit + 1` fetch into the page and the marker for the next one (absent on the last page). */
export function paginate<T>(rows: readonly T[], limit: number, keyOf: (row: T) => string | number): { page: T[]; nextMarker?: string } {
  if (rows.length <= limit) return { page: [...rows] };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return last === undefined ? { page } : { page, nextMarker: encodeMarker(keyOf(last)) };
}
