import { describe, expect, it } from 'vitest';
import { functionArn, layerArn, layerVersionArn, parseFunctionArn, parseLayerArn } from './arn.js';

describe('arn', () => {
  it('builds layer, layer version and function ARNs as Lambda prints them', () => {
    expect(layerArn('us-east-2', '123456789012', 'my-layer')).toBe('arn:aws:lambda:us-east-2:123456789012:layer:my-layer');
    expect(layerVersionArn('us-east-2', '123456789012', 'my-layer', 3)).toBe('arn:aws:lambda:us-east-2:123456789012:layer:my-layer:3');
    expect(functionArn('eu-west-1', '123456789012', 'fn')).toBe('arn:aws:lambda:eu-west-1:123456789012:function:fn');
  });

  it('parses versioned and unversioned layer ARNs and rejects other text', () => {
    expect(parseLayerArn('arn:aws:lambda:us-east-2:123456789012:layer:my-layer:7')).toEqual({
      partition: 'aws',
      region: 'us-east-2',
      accountId: '123456789012',
      layerName: 'my-layer',
      version: 7,
    });
    expect(parseLayerArn('arn:aws:lambda:us-east-2:123456789012:layer:my-layer')?.version).toBeUndefined();
    expect(parseLayerArn('my-layer')).toBeUndefined();
    expect(parseFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST')?.qualifier).toBe('$LATEST');
  });
});
