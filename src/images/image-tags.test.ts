import { describe, expect, it } from 'vitest';
import type { ContextEntry } from './context-files.js';
import { baseTag, familyTag, rootfsTag } from './image-tags.js';

const file = (path: string, content: string, mode = 0o644): ContextEntry => ({ type: 'file', path, mode, content: Buffer.from(content) });

const context: ContextEntry[] = [
  file('Dockerfile', 'ARG BASE\nFROM ${BASE}\n'),
  { type: 'directory', path: 'lib', mode: 0o755 },
  file('lib/bootstrap', '#!/bin/sh\n', 0o755),
];

const NONE = { buildArgs: {}, nodeBinary: undefined };

describe('image tags', () => {
  const rootfs = rootfsTag({ packages: ['curl', 'socat'], suite: 'bookworm', variant: 'minbase', architecture: 'x86_64' });

  it('have the lsim repository names and a short hex hash', () => {
    expect(rootfs).toMatch(/^lsim\/rootfs:x86_64-[0-9a-f]{16}$/);
    expect(baseTag(rootfs, context)).toMatch(/^lsim\/base:x86_64-[0-9a-f]{16}$/);
    expect(familyTag('python', baseTag(rootfs, context), context, NONE)).toMatch(/^lsim\/python:x86_64-[0-9a-f]{16}$/);
  });

  it('name and hash the architecture, which each child keeps', () => {
    const arm = rootfsTag({ packages: ['curl', 'socat'], suite: 'bookworm', variant: 'minbase', architecture: 'arm64' });
    expect(arm).toMatch(/^lsim\/rootfs:arm64-[0-9a-f]{16}$/);
    expect(arm.slice(-16)).not.toBe(rootfs.slice(-16));
    const base = baseTag(arm, context);
    expect(base).toMatch(/^lsim\/base:arm64-[0-9a-f]{16}$/);
    expect(familyTag('nodejs', base, context, NONE)).toMatch(/^lsim\/nodejs:arm64-[0-9a-f]{16}$/);
  });

  it('are stable for the same inputs', () => {
    expect(baseTag(rootfs, context)).toBe(baseTag(rootfs, [...context]));
    expect(rootfsTag({ packages: ['socat', 'curl', 'curl'], suite: 'bookworm', variant: 'minbase', architecture: 'x86_64' })).toBe(rootfs);
  });

  it('change with the package list and the suite', () => {
    expect(rootfsTag({ packages: ['curl'], suite: 'bookworm', variant: 'minbase', architecture: 'x86_64' })).not.toBe(rootfs);
    expect(rootfsTag({ packages: ['curl', 'socat'], suite: 'trixie', variant: 'minbase', architecture: 'x86_64' })).not.toBe(rootfs);
  });

  it('change when one byte of a context file changes', () => {
    const changed = [context[0]!, context[1]!, file('lib/bootstrap', '#!/bin/sh \n', 0o755)];
    expect(familyTag('python', 'lsim/base:x', changed, NONE)).not.toBe(familyTag('python', 'lsim/base:x', context, NONE));
  });

  it('change with a build argument or the pinned Node.js binary', () => {
    const plain = familyTag('nodejs', 'lsim/base:x', context, NONE);
    expect(familyTag('nodejs', 'lsim/base:x', context, { buildArgs: { PYTHON: 'python3.13' }, nodeBinary: undefined })).not.toBe(plain);
    const node = (integrity: string) =>
      familyTag('nodejs', 'lsim/base:x', context, { buildArgs: {}, nodeBinary: { version: '22.23.5', integrity } });
    expect(node('sha512-a')).not.toBe(plain);
    expect(node('sha512-a')).not.toBe(node('sha512-b'));
    expect(node('sha512-a')).toBe(node('sha512-a'));
  });

  it('change when an exec bit changes', () => {
    const changed = [context[0]!, context[1]!, file('lib/bootstrap', '#!/bin/sh\n', 0o644)];
    expect(baseTag(rootfs, changed)).not.toBe(baseTag(rootfs, context));
  });

  it('change when a file is renamed, added, or the parent changes', () => {
    const renamed = [context[0]!, context[1]!, file('lib/bootstrap2', '#!/bin/sh\n', 0o755)];
    expect(baseTag(rootfs, renamed)).not.toBe(baseTag(rootfs, context));
    expect(baseTag(rootfs, [...context, file('z', '')])).not.toBe(baseTag(rootfs, context));
    expect(familyTag('ruby', 'lsim/base:a', context, NONE)).not.toBe(familyTag('ruby', 'lsim/base:b', context, NONE));
    expect(familyTag('ruby', 'lsim/base:a', context, NONE)).not.toBe(familyTag('python', 'lsim/base:a', context, NONE));
  });

  it('tell a symlink from a file with the target as content', () => {
    const asLink: ContextEntry[] = [{ type: 'symlink', path: 'a', target: 'b' }];
    expect(baseTag(rootfs, asLink)).not.toBe(baseTag(rootfs, [file('a', 'b')]));
  });
});
