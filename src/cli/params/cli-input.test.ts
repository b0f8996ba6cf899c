import { describe, expect, it } from 'vitest';
import { getLayerVersion } from '../commands/get-layer-version.js';
import { publishLayerVersion } from '../commands/publish-layer-version.js';
import { mergeCliInput } from './cli-input.js';

const files = { cwd: '/', env: {} };

describe('--cli-input-json / --cli-input-yaml', () => {
  it('maps API member names onto options, the command line winning', () => {
    const args = { 'cli-input-json': '{"LayerName": "a", "VersionNumber": 2}', 'layer-name': 'b' };
    expect(mergeCliInput(getLayerVersion, args, files)).toMatchObject({ 'layer-name': 'b', 'version-number': '2' });
  });

  it('hands lists and structures on as the options take them', () => {
    const args = { 'cli-input-yaml': 'CompatibleRuntimes: [python3.12]\nContent: {S3Bucket: b, S3Key: k}\n' };
    expect(mergeCliInput(publishLayerVersion, args, files)).toMatchObject({
      'compatible-runtimes': ['python3.12'],
      content: '{"S3Bucket":"b","S3Key":"k"}',
    });
  });

  it('rejects unknown members and bad JSON as parameter errors', () => {
    expect(() => mergeCliInput(getLayerVersion, { 'cli-input-json': '{"Nope": 1}' }, files)).toThrow('Unknown parameter in input: "Nope"');
    expect(() => mergeCliInput(getLayerVersion, { 'cli-input-json': '{' }, files)).toThrow("Error parsing parameter '--cli-input-json'");
  });
});
