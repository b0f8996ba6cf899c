/**
 * Drops undefined-valued members, so responses built from optional columns have the member absent
 * (not `undefined`), which is how Lambda sends them and what JSON-equality tests check.
 */
export function omitUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = member;
  }
  return out as T;
}
