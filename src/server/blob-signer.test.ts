import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentLocation } from '../registry/content-location.js';
import { BlobSigner } from './blob-signer.js';
import { signLocations } from './signed-locations.js';

const KEY = 'a'.repeat(64);
const NOW = 1_800_000_000_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function parts(url: string): { key: string; expires: string | null; signature: string | null } {
  const parsed = new URL(url);
  return {
    key: parsed.pathname.split('/').at(-1) ?? '',
    expires: parsed.searchParams.get('expires'),
    signature: parsed.searchParams.get('signature'),
  };
}

describe('BlobSigner', () => {
  const signer = BlobSigner.withSecret(Buffer.from('secret'));

  it('signs URLs valid for ten minutes', () => {
    const url = signer.url('http://127.0.0.1:9001', KEY, NOW);
    expect(url.startsWith(`http://127.0.0.1:9001/lsim/blobs/${KEY}?expires=${NOW / 1000 + 600}&signature=`)).toBe(true);
    const { key, expires, signature } = parts(url);
    expect(signer.verify(key, expires, signature, NOW + 599_000)).toBe(true);
    expect(signer.verify(key, expires, signature, NOW + 601_000)).toBe(false);
  });

  it('refuses forged, moved and foreign signatures', () => {
    const { expires, signature } = parts(signer.url('http://h', KEY, NOW));
    expect(signer.verify('b'.repeat(64), expires, signature, NOW)).toBe(false);
    expect(signer.verify(KEY, String(Number(expires) + 1), signature, NOW)).toBe(false);
    expect(signer.verify(KEY, expires, '0'.repeat(64), NOW)).toBe(false);
    expect(signer.verify(KEY, expires, null, NOW)).toBe(false);
    expect(BlobSigner.withSecret(Buffer.from('other')).verify(KEY, expires, signature, NOW)).toBe(false);
  });

  it('keeps one 0600 secret per home', () => {
    const home = mkdtempSync(join(tmpdir(), 'lsim-signer-'));
    dirs.push(home);
    const { expires, signature } = parts(BlobSigner.forHome(home).url('http://h', KEY));
    expect(BlobSigner.forHome(home).verify(KEY, expires, signature)).toBe(true);
    expect(statSync(join(home, 'server-secret')).mode & 0o777).toBe(0o600);
  });

  it('replaces the registry placeholder Locations and nothing else', () => {
    const response = { Content: { Location: contentLocation(KEY), CodeSha256: 'x' }, Description: 'd' };
    const signed = signLocations(response, 'http://h:1', signer) as { Content: { Location: string } };
    expect(signed.Content.Location.startsWith(`http://h:1/lsim/blobs/${KEY}?expires=`)).toBe(true);
    expect(signLocations({ Code: { Location: 'https://elsewhere' } }, 'http://h', signer)).toEqual({
      Code: { Location: 'https://elsewhere' },
    });
    expect(signLocations(undefined, 'http://h', signer)).toBeUndefined();
  });
});
