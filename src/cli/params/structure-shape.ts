import type { ModelShape } from '../skeleton/model-shape.js';

/** The part of a Lambda input shape lsim needs to read a structure parameter from the command line. */
/** `double-map`: string keys, number values (RoutingConfig's AdditionalVersionWeights). */
export type MemberType = 'string' | 'integer' | 'string-map' | 'double-map';

export interface MemberShape {
  readonly type: MemberType;
  readonly required?: boolean;
}

export interface StructureShape {
  /** The API member name, used in botocore's messages (`Unknown parameter in Content: ...`). */
  readonly name: string;
  readonly members: Readonly<Record<string, MemberShape>>;
}

/**
 * A structure option as the CLI declares it: the model shape it is, and the members lsim reads, in the
 * order its messages list them. A member's type and whether it is required are the model's
 * (src/cli/skeleton/model-shapes.ts); `[member, type]` is the CLI's own reading of a member.
 */
interface StructureOption {
  readonly model: string;
  readonly members: readonly (string | readonly [string, MemberType])[];
}

// ZipFile is a blob in the model; the parser takes it as a string only so that the command can say to use --zip-file instead.
const S3_SOURCE = ['S3Bucket', 'S3Key', 'S3ObjectVersion', ['ZipFile', 'string']] as const;

/** The structure options lsim reads, by their API member name. */
export const STRUCTURE_OPTIONS = {
  Content: { model: 'LayerVersionContentInput', members: S3_SOURCE },
  Code: { model: 'FunctionCode', members: S3_SOURCE },
  Environment: { model: 'Environment', members: ['Variables'] },
  EphemeralStorage: { model: 'EphemeralStorage', members: ['Size'] },
  RoutingConfig: { model: 'AliasRoutingConfiguration', members: ['AdditionalVersionWeights'] },
} as const satisfies Record<string, StructureOption>;

export type StructureName = keyof typeof STRUCTURE_OPTIONS;

type ModelShapes = Readonly<Record<string, ModelShape>>;

function memberType(shapes: ModelShapes, shapeName: string): MemberType {
  const shape = shapes[shapeName];
  if (shape?.type === 'string' || shape?.type === 'integer') return shape.type;
  if (shape?.type === 'map') {
    const value = shapes[shape.value]?.type;
    if (value === 'string') return 'string-map';
    if (value === 'double') return 'double-map';
  }
  throw new Error(`the CLI reads no structure member of model shape ${shapeName}`);
}

/** The shape of the structure option `name`, from the model's shapes. */
export function structureShape(name: StructureName, shapes: ModelShapes): StructureShape {
  const option: StructureOption = STRUCTURE_OPTIONS[name];
  const model = shapes[option.model];
  if (model?.type !== 'structure') throw new Error(`model shape ${option.model} is missing from model-shapes.ts`);
  const members: Record<string, MemberShape> = {};
  for (const entry of option.members) {
    const [member, own] = typeof entry === 'string' ? [entry, undefined] : entry;
    const found = model.members.find(([candidate]) => candidate === member);
    if (found === undefined) throw new Error(`model shape ${option.model} has no member ${member}`);
    const type = own ?? memberType(shapes, found[1]);
    members[member] = found[2] === true ? { type, required: true } : { type };
  }
  return { name, members };
}

/**
 * The shapes of the structure options given on this command line, by option name. The model is loaded
 * only when one is given: most command lines have none, and they do not pay for evaluating the model's
 * shapes at start-up (docs/cold-start.md).
 */
export async function loadStructureShapes(
  options: Readonly<Record<string, { readonly kind: string; readonly shape?: StructureName }>>,
  given: Readonly<Record<string, unknown>>,
): Promise<Map<string, StructureShape>> {
  const wanted = Object.entries(options).filter(([name, spec]) => spec.kind === 'structure' && given[name] !== undefined);
  const shapes = new Map<string, StructureShape>();
  if (wanted.length === 0) return shapes;
  const { MODEL_SHAPES } = await import('../skeleton/model-shapes.js');
  for (const [name, spec] of wanted) {
    if (spec.shape === undefined) throw new Error(`the structure option --${name} names no shape`);
    shapes.set(name, structureShape(spec.shape, MODEL_SHAPES));
  }
  return shapes;
}
