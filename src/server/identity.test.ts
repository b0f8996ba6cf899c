import { describe, expect, it } from 'vitest';
import { identityOf, parseAuthorization } from './identity.js';

const defaults = { accountId: '123456789012', region: 'eu-west-1' };
const header = (akid: string, region = 'us-east-1'): string =>
  `AWS4-HMAC-SHA256 Credential=${akid}/20261125/${region}/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`;

describe('identity', () => {
  it('takes the account from a 12-digit access key id and the region from the scope', () => {
    expect(identityOf(parseAuthorization(header('210987654321', 'ap-south-1')), defaults)).toEqual({
      accountId: '210987654321',
      region: 'ap-south-1',
      accessKeyId: '210987654321',
    });
  });

  it('falls back to the configured account for other keys, and to both without a signature', () => {
    expect(identityOf(parseAuthorization(header('AKIAEXAMPLE')), defaults)).toMatchObject({
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(identityOf(parseAuthorization(undefined), defaults)).toEqual({ ...defaults, accessKeyId: undefined });
    expect(identityOf(parseAuthorization('Bearer token'), defaults)).toEqual({ ...defaults, accessKeyId: undefined });
  });

  it('parses every part of the header', () => {
    expect(parseAuthorization(header('AKID'))).toEqual({
      accessKeyId: 'AKID',
      date: '20261125',
      region: 'us-east-1',
      service: 'lambda',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'ab'.repeat(32),
    });
  });
});
