import { PythonFloat } from '../output-format/python-str.js';
import type { ModelShape } from './model-shape.js';
import { MODEL_SHAPES } from './model-shapes.js';

/** A blob member: `null` in the JSON skeleton, `!!binary ''` in the YAML one. */
export const BLOB = Symbol('blob');

export type SkeletonValue =
  string | number | boolean | null | PythonFloat | typeof BLOB | readonly SkeletonValue[] | { readonly [member: string]: SkeletonValue };

export function modelShape(name: string): ModelShape {
  const shape = MODEL_SHAPES[name];
  if (shape === undefined) throw new Error(`model shape ${name} is missing from model-shapes.ts`);
  return shape;
}

/**
 * botocore's ArgumentGenerator (botocore/utils.py), which the aws CLI's skeletons come from: strings
 * empty (or, for the output skeleton, the member's name), an enum's first value, numbers 0 / 0.0,
 * booleans true, one element per list, one `KeyName` per map, and `{}` for a structure already being
 * expanded further up (a recursive shape).
 */
export function generateSkeleton(shapeName: string, useMemberNames: boolean): SkeletonValue {
  const stack: string[] = [];
  const walk = (name: string, memberName: string): SkeletonValue => {
    stack.push(name);
    try {
      const shape = modelShape(name);
      switch (shape.type) {
        case 'structure': {
          if (stack.filter((entry) => entry === name).length > 1) return {};
          return Object.fromEntries(shape.members.map(([member, target]) => [member, walk(target, member)]));
        }
        case 'list':
          return [walk(shape.member, useMemberNames ? shape.member : '')];
        case 'map':
          return { KeyName: walk(shape.value, '') };
        case 'string':
          if (useMemberNames) return memberName;
          return shape.enum?.[0] ?? '';
        case 'integer':
        case 'long':
          return 0;
        case 'double':
        case 'float':
          return new PythonFloat(0);
        case 'boolean':
          return true;
        case 'timestamp':
          return '1970-01-01T00:00:00';
        case 'blob':
          return useMemberNames ? null : BLOB;
      }
    } finally {
      stack.pop();
    }
  };
  return walk(shapeName, '');
}
