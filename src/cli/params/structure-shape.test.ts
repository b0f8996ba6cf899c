import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.js';
import type { ModelShape } from '../skeleton/model-shape.js';
import { MODEL_SHAPES } from '../skeleton/model-shapes.js';
import { loadStructureShapes, STRUCTURE_OPTIONS, structureShape, type StructureName } from './structure-shape.js';

const S3_SOURCE = {
  S3Bucket: { type: 'string' },
  S3Key: { type: 'string' },
  S3ObjectVersion: { type: 'string' },
  ZipFile: { type: 'string' },
};

describe('structure options, read against the model', () => {
  it('derives from the model the members, types and required members the CLI reads', () => {
    const shapes = Object.fromEntries(
      Object.keys(STRUCTURE_OPTIONS).map((name) => [name, structureShape(name as StructureName, MODEL_SHAPES)]),
    );
    expect(shapes).toEqual({
      Content: { name: 'Content', members: S3_SOURCE },
      Code: { name: 'Code', members: S3_SOURCE },
      Environment: { name: 'Environment', members: { Variables: { type: 'string-map' } } },
      EphemeralStorage: { name: 'EphemeralStorage', members: { Size: { type: 'integer', required: true } } },
      RoutingConfig: { name: 'RoutingConfig', members: { AdditionalVersionWeights: { type: 'double-map' } } },
    });
    // The order of the members is the order of botocore's "must be one of" list.
    expect(Object.keys(structureShape('Code', MODEL_SHAPES).members)).toEqual(['S3Bucket', 'S3Key', 'S3ObjectVersion', 'ZipFile']);
  });

  it('fails loudly when the model loses a member the CLI reads or changes it to a type the CLI cannot read', () => {
    const lost: Record<string, ModelShape> = { ...MODEL_SHAPES, EphemeralStorage: { type: 'structure', members: [] } };
    expect(() => structureShape('EphemeralStorage', lost)).toThrow('model shape EphemeralStorage has no member Size');
    const changed: Record<string, ModelShape> = { ...MODEL_SHAPES, EphemeralStorageSize: { type: 'boolean' } };
    expect(() => structureShape('EphemeralStorage', changed)).toThrow(
      'the CLI reads no structure member of model shape EphemeralStorageSize',
    );
  });

  it('names a shape for every structure option of every command', () => {
    const unnamed = COMMANDS.flatMap((command) =>
      Object.entries(command.options)
        .filter(([, spec]) => spec.kind === 'structure' && spec.shape === undefined)
        .map(([name]) => `${command.name} --${name}`),
    );
    expect(unnamed).toEqual([]);
  });

  it('loads the shapes of the structure options given, and only those', async () => {
    const options = {
      environment: { kind: 'structure', shape: 'Environment' },
      'ephemeral-storage': { kind: 'structure', shape: 'EphemeralStorage' },
      runtime: { kind: 'string' },
    } as const;
    expect([...(await loadStructureShapes(options, { runtime: 'python3.12' })).keys()]).toEqual([]);
    const loaded = await loadStructureShapes(options, { environment: 'Variables={A=1}', runtime: 'python3.12' });
    expect([...loaded]).toEqual([['environment', structureShape('Environment', MODEL_SHAPES)]]);
  });
});
