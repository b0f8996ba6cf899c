import { PythonFloat } from '../output-format/python-str.js';
import { BLOB, generateSkeleton, modelShape, type SkeletonValue } from './generate-skeleton.js';

type Node =
  | { readonly kind: 'scalar'; readonly text: string }
  | { readonly kind: 'map'; readonly entries: readonly Entry[] }
  | { readonly kind: 'seq'; readonly items: readonly Node[] };

interface Entry {
  readonly key: string;
  readonly node: Node;
  readonly comment?: string;
}

function scalar(value: SkeletonValue): Node {
  if (value === BLOB) return { kind: 'scalar', text: "!!binary ''" };
  if (value === '') return { kind: 'scalar', text: "''" };
  return { kind: 'scalar', text: String(value) };
}

/**
 * The comment the aws CLI puts after a member (awscli/customizations/generatecliskeleton.py):
 * `[REQUIRED]` and the enum's values. The aws CLI puts the first sentence of the member's
 * documentation between them, which lsim does not carry (docs/aws-cli-output.md#request-input).
 */
function memberComment(required: boolean, shapeName: string): string | undefined {
  const shape = modelShape(shapeName);
  const parts = [
    ...(required ? ['[REQUIRED]'] : []),
    ...(shape.type === 'string' && shape.enum !== undefined ? [`Valid values are: ${shape.enum.join(', ')}.`] : []),
  ];
  return parts.length === 0 ? undefined : `# ${parts.join(' ')}`;
}

const field = (value: SkeletonValue, key: string): SkeletonValue =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PythonFloat)
    ? ((value as Readonly<Record<string, SkeletonValue>>)[key] ?? null)
    : null;

/** The skeleton's values (generateSkeleton), walked beside their shapes for each member's comment. */
function build(value: SkeletonValue, shapeName: string): Node {
  const shape = modelShape(shapeName);
  if (shape.type === 'structure') {
    // A recursive structure's second appearance is an empty skeleton.
    if (field(value, shape.members[0]?.[0] ?? '') === null) return { kind: 'map', entries: [] };
    const entries = shape.members.map(([key, target, required]): Entry => {
      const comment = memberComment(required === true, target);
      return { key, node: build(field(value, key), target), ...(comment === undefined ? {} : { comment }) };
    });
    return { kind: 'map', entries };
  }
  if (shape.type === 'list') return { kind: 'seq', items: [build(Array.isArray(value) ? (value[0] ?? null) : null, shape.member)] };
  if (shape.type === 'map') return { kind: 'map', entries: [{ key: 'KeyName', node: build(field(value, 'KeyName'), shape.value) }] };
  return scalar(value);
}

/**
 * ruamel.yaml's round-trip dump of the skeleton: block style, sequences level with their key, and
 * end-of-line comments two spaces after the first commented member of each mapping, one after the rest.
 */
function renderMap(entries: readonly Entry[], indent: string, firstPrefix: string, lines: string[]): void {
  let commented = 0;
  entries.forEach((entry, index) => {
    const prefix = index === 0 ? firstPrefix : indent;
    const comment = entry.comment === undefined ? '' : `${commented++ === 0 ? '  ' : ' '}${entry.comment}`;
    const { node } = entry;
    if (node.kind === 'scalar') {
      lines.push(`${prefix}${entry.key}: ${node.text}${comment}`);
    } else if (node.kind === 'map' && node.entries.length === 0) {
      lines.push(`${prefix}${entry.key}: {}${comment}`);
    } else if (node.kind === 'map') {
      lines.push(`${prefix}${entry.key}:${comment}`);
      renderMap(node.entries, `${indent}  `, `${indent}  `, lines);
    } else {
      lines.push(`${prefix}${entry.key}:${comment}`);
      for (const item of node.items) renderItem(item, indent, lines);
    }
  });
}

function renderItem(node: Node, indent: string, lines: string[]): void {
  if (node.kind === 'scalar') lines.push(`${indent}- ${node.text}`);
  else if (node.kind === 'map' && node.entries.length === 0) lines.push(`${indent}- {}`);
  else if (node.kind === 'map') renderMap(node.entries, `${indent}  `, `${indent}- `, lines);
  // The model has no list of lists among these operations; a nested list would open on its own dash.
  else for (const item of node.items) renderItem(item, `${indent}  `, lines);
}

/** `--generate-cli-skeleton yaml-input`: the input shape as YAML for `--cli-input-yaml`. */
export function yamlInputSkeleton(inputShape: string | undefined): string {
  const node = inputShape === undefined ? undefined : build(generateSkeleton(inputShape, false), inputShape);
  if (node === undefined || node.kind !== 'map' || node.entries.length === 0) return '{}\n';
  const lines: string[] = [];
  renderMap(node.entries, '', '', lines);
  return `${lines.join('\n')}\n`;
}
