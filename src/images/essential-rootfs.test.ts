import { describe, expect, it } from 'vitest';
import { essentialTarPath } from './essential-rootfs.js';

describe('essentialTarPath', () => {
  it("names one tarball per suite and architecture, experimental sharing sid's", () => {
    const path = (suite: string, architecture: 'x86_64' | 'arm64') => essentialTarPath('/w', { suite, variant: 'minbase', architecture });
    expect(path('trixie', 'arm64')).toMatch(/^\/w\/essential\/trixie-arm64-[0-9a-f]{16}\.tar$/);
    expect(path('trixie', 'x86_64')).not.toBe(path('trixie', 'arm64'));
    expect(path('bookworm', 'x86_64')).not.toBe(path('trixie', 'x86_64'));
    expect(path('experimental', 'x86_64')).toBe(path('sid', 'x86_64'));
    expect(essentialTarPath('/w', { suite: 'sid', variant: 'apt', architecture: 'x86_64' })).not.toBe(path('sid', 'x86_64'));
  });
});
