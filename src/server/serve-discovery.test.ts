import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ownerToken, selfOwner } from '../common/process-owner.js';
import { announceServer, findServer } from './serve-discovery.js';

const homes: string[] = [];
const home = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'lsim-discovery-unit-'));
  homes.push(dir);
  return dir;
};
afterEach(() => homes.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const entry = { url: 'http://127.0.0.1:9001', accountId: '123456789012', region: 'us-east-1', verifiesSignatures: false };

describe('serve discovery', () => {
  it('finds the live server of the home, and nothing once it has gone', () => {
    const dir = home();
    expect(findServer(dir)).toBeUndefined();
    const remove = announceServer(dir, entry);
    expect(findServer(dir)).toEqual({ owner: ownerToken(), ...entry });
    remove();
    expect(findServer(dir)).toBeUndefined();
  });

  it('ignores a stale entry: a dead pid, or a reused pid with another start time', () => {
    const dir = home();
    const me = selfOwner();
    for (const owner of [ownerToken({ ...me, pid: 2 ** 22 + 1 }), ownerToken({ ...me, start: `${me.start}9` }), 'garbage']) {
      writeFileSync(join(dir, 'serve.json'), JSON.stringify({ owner, ...entry }));
      expect(findServer(dir), owner).toBeUndefined();
    }
  });

  it('ignores a corrupt file and a URL that is not a plain http origin', () => {
    const dir = home();
    writeFileSync(join(dir, 'serve.json'), '{"owner":');
    expect(findServer(dir)).toBeUndefined();
    writeFileSync(join(dir, 'serve.json'), JSON.stringify({ owner: ownerToken(), ...entry, url: 'file:///etc/passwd' }));
    expect(findServer(dir)).toBeUndefined();
  });

  it('a stopping server leaves a newer server’s entry alone', () => {
    const dir = home();
    const remove = announceServer(dir, entry);
    writeFileSync(join(dir, 'serve.json'), JSON.stringify({ owner: 'another', ...entry }));
    remove();
    expect(JSON.parse(readFileSync(join(dir, 'serve.json'), 'utf8'))).toMatchObject({ owner: 'another' });
  });
});
