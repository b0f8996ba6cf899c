import { describe, expect, it } from 'vitest';
import { parseShorthand } from './shorthand.js';

describe('parseShorthand (aws CLI shorthand syntax)', () => {
  it.each([
    ['S3Bucket=b,S3Key=k', { S3Bucket: 'b', S3Key: 'k' }],
    ['S3Bucket=b,S3Key=k,S3ObjectVersion=v', { S3Bucket: 'b', S3Key: 'k', S3ObjectVersion: 'v' }],
    ['Size=1024', { Size: '1024' }],
    ['Variables={K=V,K2=V2}', { Variables: { K: 'V', K2: 'V2' } }],
    ['Variables={}', { Variables: {} }],
    ['a=b,c', { a: ['b', 'c'] }],
    ['a=b,c,d=e', { a: ['b', 'c'], d: 'e' }],
    ['a=[b,c]', { a: ['b', 'c'] }],
    ['a=', { a: '' }],
    ["a='x,y'", { a: 'x,y' }],
    ['a="say \\"hi\\""', { a: 'say "hi"' }],
    ['a=x\\,y', { a: 'x,y' }],
    ['a = b , c = d', { a: 'b', c: 'd' }],
    ['Variables={URL=http://h/p?q=1}', { Variables: { URL: 'http://h/p?q=1' } }],
  ])('%s', (input, expected) => {
    expect(parseShorthand(input)).toEqual(expected);
  });

  it('reports an unterminated hash with a caret, as the aws CLI does', () => {
    expect(() => parseShorthand('Variables={A=1')).toThrow("Expected: ',', received: 'EOF' for input:\nVariables={A=1\n              ^");
  });

  it('rejects a duplicate key', () => {
    expect(() => parseShorthand('a=b,a=c')).toThrow('Second instance of key "a" encountered for input:');
  });

  it('requires key=value', () => {
    expect(() => parseShorthand('justtext')).toThrow("Expected: '=', received: 'EOF'");
  });
});
