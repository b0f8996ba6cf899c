import { formatJson } from '../output.js';
import { UsageError } from '../usage-error.js';
import { BLOB, generateSkeleton, type SkeletonValue } from './generate-skeleton.js';
import { MODEL_OPERATIONS } from './model-shapes.js';
import { yamlInputSkeleton } from './yaml-input.js';

export const SKELETON_KINDS = ['input', 'output', 'yaml-input'] as const;
export type SkeletonKind = (typeof SKELETON_KINDS)[number];

/** The aws CLI offers the option on every operation but those with streaming output (`invoke`'s outfile). */
export const hasSkeleton = (operation: string): boolean => operation !== 'Invoke' && MODEL_OPERATIONS[operation] !== undefined;

/** `--generate-cli-skeleton` alone means `input` (argparse's `const`). */
export function skeletonKind(value: string): SkeletonKind {
  const kind = value === '' ? 'input' : value;
  if ((SKELETON_KINDS as readonly string[]).includes(kind)) return kind as SkeletonKind;
  throw new UsageError(`argument --generate-cli-skeleton: Found invalid choice '${value}'\n`);
}

const blobsAsNull = (value: SkeletonValue): unknown => {
  if (value === BLOB) return null;
  if (Array.isArray(value)) return value.map(blobsAsNull);
  if (typeof value === 'object' && value !== null && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, blobsAsNull(item as SkeletonValue)]));
  }
  return value;
};

/** The input skeletons, as text (`json.dump(indent=4)` or the commented YAML). */
export function inputSkeleton(operation: string, kind: 'input' | 'yaml-input'): string {
  const shape = MODEL_OPERATIONS[operation]?.input;
  if (kind === 'yaml-input') return yamlInputSkeleton(shape);
  return formatJson(shape === undefined ? {} : blobsAsNull(generateSkeleton(shape, false)));
}

/** The output skeleton: a response of member names, printed like the real response (any --output, --query). */
export function outputSkeleton(operation: string): unknown {
  const shape = MODEL_OPERATIONS[operation]?.output;
  return shape === undefined ? {} : blobsAsNull(generateSkeleton(shape, true));
}
