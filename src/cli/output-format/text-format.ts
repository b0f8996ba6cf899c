import { isObject, pythonStr, sortedKeys } from './python-str.js';

/**
 * The aws CLI's `--output text` (awscli/text.py): a dict prints its scalar values, keys sorted, on
 * one tab-separated line prefixed by the upper-cased key it hangs from; then each non-scalar member,
 * keys sorted. The dicts of a list share one column set: every scalar key of any of them, sorted.
 */
export function formatText(value: unknown): string {
  const out: string[] = [];
  formatItem(value, out, undefined, undefined);
  return out.join('');
}

function formatItem(item: unknown, out: string[], identifier: string | undefined, scalarKeys: readonly string[] | undefined): void {
  if (isObject(item)) formatDict(item, out, identifier, scalarKeys);
  else if (Array.isArray(item)) formatList(item, out, identifier);
  else out.push(`${pythonStr(item)}\n`);
}

function formatList(items: readonly unknown[], out: string[], identifier: string | undefined): void {
  if (items.length === 0) return;
  if (items.some(isObject)) {
    const keys = allScalarKeys(items);
    for (const element of items) formatItem(element, out, identifier, keys);
  } else if (items.some(Array.isArray)) {
    const scalars = items.filter((element) => !Array.isArray(element) && !isObject(element));
    if (scalars.length > 0) formatScalarList(scalars, out, identifier);
    for (const element of items) if (Array.isArray(element) || isObject(element)) formatItem(element, out, identifier, undefined);
  } else {
    formatScalarList(items, out, identifier);
  }
}

function formatScalarList(items: readonly unknown[], out: string[], identifier: string | undefined): void {
  if (identifier === undefined) out.push(`${items.map(pythonStr).join('\t')}\n`);
  else for (const item of items) out.push(`${identifier.toUpperCase()}\t${pythonStr(item)}\n`);
}

function formatDict(
  item: Record<string, unknown>,
  out: string[],
  identifier: string | undefined,
  scalarKeys: readonly string[] | undefined,
): void {
  const scalars: string[] = [];
  const nonScalars: [string, unknown][] = [];
  if (scalarKeys === undefined) {
    for (const key of sortedKeys(Object.keys(item))) {
      const value = item[key];
      if (Array.isArray(value) || isObject(value)) nonScalars.push([key, value]);
      else scalars.push(pythonStr(value));
    }
  } else {
    // A key another element of the list has prints as an empty column here.
    for (const key of scalarKeys) scalars.push(key in item ? pythonStr(item[key]) : '');
    const known = new Set(scalarKeys);
    for (const key of sortedKeys(Object.keys(item).filter((name) => !known.has(name)))) nonScalars.push([key, item[key]]);
  }
  if (scalars.length > 0) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [key, value] of nonScalars) formatItem(value, out, key, undefined);
}

function allScalarKeys(items: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const item of items) {
    if (!isObject(item)) continue;
    for (const [key, value] of Object.entries(item)) if (!Array.isArray(value) && !isObject(value)) keys.add(key);
  }
  return sortedKeys(keys);
}
