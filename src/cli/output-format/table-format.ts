import { Section } from './table-section.js';
import { renderSections, type TableStyle } from './table-render.js';
import { isObject, isScalar, sortedKeys } from './python-str.js';

/**
 * The aws CLI's `--output table` (awscli/formatter.py TableFormatter): the operation's name as the
 * title, a dict's scalar members as one row under sorted headers (a lone scalar as a key/value row),
 * each non-scalar member a nested section titled by its key; a list of dicts is one section per
 * element when the elements have non-scalar members. Empty output prints nothing.
 */
export function formatTable(title: string, value: unknown, style: TableStyle): string {
  const sections: Section[] = [];
  const state = { sections, current: undefined as Section | undefined };
  if (!buildTable(state, title, value, 0)) return '';
  return renderSections(sections, style);
}

interface TableState {
  readonly sections: Section[];
  current: Section | undefined;
}

function newSection(state: TableState, title: string, indentLevel: number): void {
  const section = new Section();
  section.title = title;
  section.indentLevel = indentLevel;
  state.sections.push(section);
  state.current = section;
}

/** The aws CLI adds to "the current section", which does not exist before a titled one (a bug lsim keeps away from). */
function current(state: TableState): Section {
  if (state.current === undefined) newSection(state, '', 0);
  return state.current as Section;
}

/** Python's truthiness of the JSON values a response holds. */
const truthy = (value: unknown): boolean =>
  !(
    value === null ||
    value === undefined ||
    value === false ||
    value === 0 ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.keys(value).length === 0)
  );

function buildTable(state: TableState, title: string | undefined, value: unknown, indentLevel: number): boolean {
  if (!truthy(value)) return false;
  if (title !== undefined) newSection(state, title, indentLevel);
  if (Array.isArray(value)) {
    if (isObject(value[0])) {
      subTableFromList(state, value, indentLevel, title);
    } else {
      for (const item of value) {
        if (isScalar(item)) current(state).addRow([item]);
        else if (Array.isArray(item) && item.every(isScalar)) current(state).addRow(item);
        else buildTable(state, undefined, item, 0);
      }
    }
  }
  if (isObject(value)) subTableFromDict(state, value, indentLevel);
  return true;
}

function groupScalarKeys(value: Record<string, unknown>): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [key, member] of Object.entries(value)) (isScalar(member) ? headers : more).push(key);
  return [sortedKeys(headers), sortedKeys(more)];
}

function subTableFromDict(state: TableState, value: Record<string, unknown>, indentLevel: number): void {
  const [headers, more] = groupScalarKeys(value);
  const [only] = headers;
  if (headers.length === 1 && only !== undefined) {
    current(state).addRow([only, value[only]]);
  } else if (headers.length > 0) {
    current(state).addHeader(headers);
    current(state).addRow(headers.map((key) => value[key]));
  }
  for (const key of more) buildTable(state, key, value[key], indentLevel + 1);
}

function subTableFromList(state: TableState, items: readonly unknown[], indentLevel: number, title: string | undefined): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  for (const item of items) {
    if (!isObject(item)) continue;
    const [headers, more] = groupScalarKeys(item);
    headers.forEach((key) => headerSet.add(key));
    more.forEach((key) => moreSet.add(key));
  }
  const headers = sortedKeys(headerSet);
  const more = sortedKeys(moreSet);
  current(state).addHeader(headers);
  let first = true;
  for (const element of items) {
    if (!first && more.length > 0) {
      newSection(state, title ?? '', indentLevel);
      current(state).addHeader(headers);
    }
    first = false;
    const record = isObject(element) ? element : {};
    current(state).addRow(headers.map((key) => (key in record ? record[key] : '')));
    for (const key of more) if (key in record) buildTable(state, key, record[key], indentLevel + 1);
  }
}
