/**
 * The aws CLI's `NextToken` / `--starting-token`: botocore's base64 of Python's json.dumps of
 * `{"Marker": ..., "boto_truncate_amount": n}`, so a token printed by lsim looks like one from aws.
 */
export interface ResumePoint {
  /** The API marker of the page to fetch; undefined for the first page. */
  readonly marker: string | undefined;
  /** How many items of that page were already returned. */
  readonly skip: number;
}

/** Python's json.dumps separators (`, ` and `: `), which JSON.stringify does not produce. */
function pythonJsonDumps(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value ?? null)}`).join(', ')}}`;
}

export function encodeToken(point: { readonly marker: string | undefined; readonly skip?: number }): string {
  const entries: [string, unknown][] = [['Marker', point.marker ?? null]];
  if (point.skip !== undefined) entries.push(['boto_truncate_amount', point.skip]);
  return Buffer.from(pythonJsonDumps(entries), 'utf8').toString('base64');
}

/** Like botocore, a token that is not ours is passed on as an opaque service marker. */
export function decodeToken(token: string): ResumePoint {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'Marker' in decoded) {
      const marker = decoded.Marker;
      const skip = 'boto_truncate_amount' in decoded ? decoded.boto_truncate_amount : 0;
      if ((marker === null || typeof marker === 'string') && typeof skip === 'number') {
        return { marker: marker ?? undefined, skip };
      }
    }
  } catch {
    // Not base64 JSON: fall through to the opaque form.
  }
  return { marker: token, skip: 0 };
}
