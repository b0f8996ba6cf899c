import { describe, expect, it } from 'vitest';
import { parseStructure } from './structure-param.js';
import { MODEL_SHAPES } from '../skeleton/model-shapes.js';
import { structureShape, type StructureName, type StructureShape } from './structure-shape.js';

const shape = (name: StructureName): StructureShape => structureShape(name, MODEL_SHAPES);

describe('parseStructure', () => {
  it('reads shorthand and JSON to the same value', () => {
    const fromShorthand = parseStructure('--content', 'S3Bucket=b,S3Key=k/x.zip', shape('Content'));
    const fromJson = parseStructure('--content', '{"S3Bucket": "b", "S3Key": "k/x.zip"}', shape('Content'));
    expect(fromShorthand).toEqual({ S3Bucket: 'b', S3Key: 'k/x.zip' });
    expect(fromJson).toEqual(fromShorthand);
  });

  it('reads environment variables in both forms', () => {
    expect(parseStructure('--environment', 'Variables={K=V,K2=V2}', shape('Environment'))).toEqual({
      Variables: { K: 'V', K2: 'V2' },
    });
    expect(parseStructure('--environment', ' {"Variables":{"K":"V"}}', shape('Environment'))).toEqual({
      Variables: { K: 'V' },
    });
  });

  it('converts integer members of shorthand, not of JSON', () => {
    expect(parseStructure('--ephemeral-storage', 'Size=1024', shape('EphemeralStorage'))).toEqual({ Size: 1024 });
    expect(() => parseStructure('--ephemeral-storage', '{"Size":"1"}', shape('EphemeralStorage'))).toThrow(
      "Parameter validation failed:\nInvalid type for parameter EphemeralStorage.Size, value: 1, type: <class 'str'>, valid types: <class 'int'>",
    );
    expect(() => parseStructure('--ephemeral-storage', 'Size=abc', shape('EphemeralStorage'))).toThrow(
      "invalid literal for int() with base 10: 'abc'",
    );
  });

  it('reports unknown and missing members together, as botocore does', () => {
    expect(() => parseStructure('--ephemeral-storage', 'Foo=1', shape('EphemeralStorage'))).toThrow(
      'Parameter validation failed:\nMissing required parameter in EphemeralStorage: "Size"\n' +
        'Unknown parameter in EphemeralStorage: "Foo", must be one of: Size',
    );
  });

  it('names the parameter on syntax errors', () => {
    expect(() => parseStructure('--environment', 'Variables={A=1', shape('Environment'))).toThrow(
      "Error parsing parameter '--environment': Expected: ',', received: 'EOF' for input:",
    );
    expect(() => parseStructure('--content', '{"S3Bucket":', shape('Content'))).toThrow(
      "Error parsing parameter '--content': Invalid JSON: ",
    );
  });

  it('rejects non-string environment values', () => {
    expect(() => parseStructure('--environment', '{"Variables":{"N":1}}', shape('Environment'))).toThrow(
      "Invalid type for parameter Environment.Variables.N, value: 1, type: <class 'int'>, valid types: <class 'str'>",
    );
  });
});
