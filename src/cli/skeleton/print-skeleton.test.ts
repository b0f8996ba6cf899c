import { describe, expect, it } from 'vitest';
import { formatResponse } from '../output-format/format-response.js';
import { inputSkeleton, outputSkeleton, skeletonKind } from './print-skeleton.js';

/** Expected texts: aws-cli 2.38.1's own output (yaml-input without the documentation sentences lsim leaves out). */
describe('--generate-cli-skeleton', () => {
  it('prints the input shape in model order, blobs as null, enums as their first value', () => {
    expect(inputSkeleton('PublishLayerVersion', 'input')).toBe(
      '{\n    "LayerName": "",\n    "Description": "",\n    "Content": {\n        "S3Bucket": "",\n        "S3Key": "",\n' +
        '        "S3ObjectVersion": "",\n        "S3ObjectStorageMode": "COPY",\n        "ZipFile": null\n    },\n' +
        '    "CompatibleArchitectures": [\n        "x86_64"\n    ],\n    "CompatibleRuntimes": [\n        "nodejs"\n    ],\n' +
        '    "LicenseInfo": ""\n}\n',
    );
    expect(inputSkeleton('GetAccountSettings', 'input')).toBe('{}\n');
    expect(inputSkeleton('CreateAlias', 'input')).toContain('"AdditionalVersionWeights": {\n            "KeyName": 0.0\n');
  });

  it('prints yaml-input as ruamel.yaml does: comment spacing, !!binary, sequences level with their key', () => {
    expect(inputSkeleton('PublishLayerVersion', 'yaml-input')).toBe(
      "LayerName: ''  # [REQUIRED]\nDescription: ''\nContent: # [REQUIRED]\n  S3Bucket: ''\n  S3Key: ''\n  S3ObjectVersion: ''\n" +
        "  S3ObjectStorageMode: COPY  # Valid values are: COPY, REFERENCE.\n  ZipFile: !!binary ''\nCompatibleArchitectures:\n" +
        "- x86_64\nCompatibleRuntimes:\n- nodejs\nLicenseInfo: ''\n",
    );
    expect(inputSkeleton('GetAccountSettings', 'yaml-input')).toBe('{}\n');
  });

  it('prints the output skeleton with member names as values, floats as Python prints them', () => {
    const text = (format: 'json' | 'text' | 'yaml'): string =>
      formatResponse(outputSkeleton('GetAlias'), { format, operation: 'GetAlias', query: undefined, color: false, terminalWidth: 80 });
    expect(text('text')).toBe('AliasArn\tDescription\tFunctionVersion\tName\tRevisionId\nADDITIONALVERSIONWEIGHTS\t0.0\n');
    expect(text('json')).toContain('"KeyName": 0.0\n');
    expect(text('yaml')).toContain('  AdditionalVersionWeights:\n    KeyName: 0.0\n');
  });

  it('takes no value as input and refuses other choices as the aws CLI words it', () => {
    expect(skeletonKind('')).toBe('input');
    expect(() => skeletonKind('xml')).toThrow("argument --generate-cli-skeleton: Found invalid choice 'xml'\n");
  });
});

describe('options lsim does not simulate', () => {
  it('are the model members a command lacks, named as the aws CLI names them', async () => {
    const { unsimulatedOptions } = await import('./unsimulated-options.js');
    const { COMMANDS } = await import('../commands/index.js');
    const named = (name: string): string[] => {
      const command = COMMANDS.find((candidate) => candidate.name === name);
      return command === undefined ? [] : [...unsimulatedOptions(command).keys()];
    };
    expect(named('update-function-code')).toEqual([
      's3-object-storage-mode',
      'image-uri',
      'publish-to',
      'dry-run',
      'no-dry-run',
      'source-kms-key-arn',
    ]);
    expect(named('create-function')).toContain('kms-key-arn');
    expect(named('create-function')).not.toContain('publish');
    expect(named('get-layer-version')).toEqual([]);
    expect(named('invoke')).toEqual([]);
  });
});
