import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { NODE_SDK_PACKAGES } from '../runtimes/bundled-sdk.js';
import { checkLockfile } from './node-sdk-modules.js';

const lockfile = (packages: Record<string, { version: string; integrity?: string }>): Buffer =>
  Buffer.from(JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...packages } }));
const pinned = Object.fromEntries(
  Object.entries(NODE_SDK_PACKAGES).map(([name, version]) => [`node_modules/${name}`, { version, integrity: 'sha512-x' }]),
);

describe('checkLockfile', () => {
  it('accepts a lockfile of exactly the bundled versions, each with an integrity', () => {
    expect(() => checkLockfile(lockfile(pinned))).not.toThrow();
  });

  it('refuses a package without an integrity or at another version', () => {
    expect(() => checkLockfile(lockfile({ ...pinned, 'node_modules/tslib': { version: '2.8.1' } }))).toThrow(
      /tslib has no sha512 integrity/,
    );
    expect(() =>
      checkLockfile(lockfile({ ...pinned, 'node_modules/@aws-sdk/client-s3': { version: '3.1.0', integrity: 'sha512-x' } })),
    ).toThrow(LsimError);
  });
});
