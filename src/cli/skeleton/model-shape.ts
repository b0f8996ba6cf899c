/**
 * The structure of the botocore Lambda model's shapes, as `--generate-cli-skeleton` walks them
 * (model-shapes.ts is generated from the model by scripts/extract-model-shapes.py). Shapes refer to
 * each other by name, as in the model, so a recursive shape can be recognised by its name.
 */
export type ModelShape =
  | {
      readonly type: 'structure';
      /** [member, shape name, required] in the model's order, which the skeleton keeps. */
      readonly members: readonly (readonly [string, string] | readonly [string, string, true])[];
    }
  | { readonly type: 'list'; readonly member: string }
  | { readonly type: 'map'; readonly value: string }
  | { readonly type: 'string'; readonly enum?: readonly string[] }
  | { readonly type: 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'blob' | 'timestamp' };

export interface ModelOperation {
  readonly input?: string;
  readonly output?: string;
}
