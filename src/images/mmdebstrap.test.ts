import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { essentialArgs, essentialSuite, mmdebstrapArgs, onEssentialArgs, runMmdebstrap } from './mmdebstrap.js';

describe('runMmdebstrap', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('says how to install mmdebstrap when it is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lsim-nopath-'));
    vi.stubEnv('PATH', empty);
    try {
      await expect(
        runMmdebstrap(
          { packages: ['curl'], suite: 'bookworm', variant: 'minbase', architecture: 'x86_64' },
          join(empty, 'r.tar'),
          join(empty, 'debs'),
          empty,
        ),
      ).rejects.toMatchObject({
        code: 'ImageBuildFailed',
        message: expect.stringContaining('apt-get install mmdebstrap'),
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('names the suite alone, and sid with experimental added for experimental', () => {
    const trixie = mmdebstrapArgs({ packages: ['curl'], suite: 'trixie', variant: 'minbase', architecture: 'x86_64' }, 'r.tar');
    expect(trixie.slice(0, 3)).toEqual(['--variant=minbase', '--arch=amd64', '--include=curl']);
    expect(trixie.slice(-2)).toEqual(['trixie', 'r.tar']);
    const experimental = mmdebstrapArgs(
      { packages: ['ruby3.4'], suite: 'experimental', variant: 'minbase', architecture: 'arm64' },
      'r.tar',
    );
    expect(experimental[1]).toBe('--arch=arm64');
    expect(experimental.slice(-5, -2)).toEqual(['--aptopt=Acquire::Check-Valid-Until "false"', 'sid', 'r.tar']);
    expect(experimental.slice(-2)).toEqual([
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main',
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian experimental main',
    ]);
  });

  it("leaves documentation out, and runs a family's hooks in the chroot at their phases", () => {
    const file = (path: string) => ({ type: 'file' as const, path, mode: 0o755, content: Buffer.from('') });
    const inputs = { packages: ['python3.13'], suite: 'trixie', variant: 'minbase', architecture: 'arm64' } as const;
    const plain = mmdebstrapArgs(inputs, 'r.tar');
    // A dpkg config file written after the extraction, not --dpkgopt (which sends every .deb through mmtarfilter).
    expect(plain.some((arg) => arg.startsWith('--dpkgopt=path-'))).toBe(false);
    const exclude = plain.find((arg) => arg.startsWith('--extract-hook=mkdir'));
    expect(exclude).toContain("'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright'");
    expect(exclude).toContain('"$1/etc/dpkg/dpkg.cfg.d/lsim-path-exclude"');
    expect(plain.some((arg) => arg.includes('lsim-rootfs'))).toBe(false);
    const hooked = mmdebstrapArgs(
      { ...inputs, hooks: { files: [file('essential-hook.sh'), file('customize-hook.sh')], env: {} } },
      'r.tar',
    );
    const hooks = hooked.filter((arg) => /^--(essential|customize)-hook=.*lsim-rootfs/.test(arg));
    expect(hooks).toEqual([
      '--essential-hook=cp -R "$LSIM_ROOTFS_HOOKS" "$1/tmp/lsim-rootfs"',
      '--essential-hook=chroot "$1" sh /tmp/lsim-rootfs/essential-hook.sh',
      '--customize-hook=chroot "$1" sh /tmp/lsim-rootfs/customize-hook.sh',
      '--customize-hook=rm -rf "$1/tmp/lsim-rootfs"',
    ]);
  });

  it('links the shared .deb cache in before apt runs and copies what was used out before the cleanup', () => {
    const args = mmdebstrapArgs({ packages: ['curl'], suite: 'bookworm', variant: 'minbase', architecture: 'x86_64' }, 'r.tar');
    expect(args).toContain('--skip=essential/unlink');
    expect(args).toContain('--dpkgopt=force-unsafe-io');
    const setup = args.find((arg) => arg.startsWith('--setup-hook='));
    const customize = args.find((arg) => arg.startsWith('--customize-hook='));
    expect(setup).toContain('"$LSIM_DEB_CACHE"/*.deb');
    // Copied under a temporary name, then renamed: a concurrent build never links in half a .deb.
    expect(customize).toMatch(/cp "\$f" "\$LSIM_DEB_CACHE\/\.\$b\.\$\$" && mv /);
  });
});

describe('the two stages', () => {
  const inputs = { packages: ['curl', 'python3.13'], suite: 'experimental', variant: 'minbase', architecture: 'arm64' } as const;

  it("builds the essential set with the one-run build's options and no recipe package, experimental as sid", () => {
    const args = essentialArgs(inputs, 'e.tar');
    expect(args.slice(0, 2)).toEqual(['--variant=minbase', '--arch=arm64']);
    expect(args.some((arg) => arg.startsWith('--include'))).toBe(false);
    expect(args.slice(-3)).toEqual(['--aptopt=Acquire::Check-Valid-Until "false"', 'sid', 'e.tar']);
    // Every option of the one-run build but the recipe's packages and the suite's extra sources.
    const oneRun = mmdebstrapArgs({ ...inputs, suite: 'sid' }, 'e.tar').filter((arg) => !arg.startsWith('--include='));
    expect(args).toEqual(oneRun);
    expect(essentialSuite('experimental')).toBe('sid');
    expect(essentialSuite('trixie')).toBe('trixie');
  });

  it("unpacks the essential tarball before apt runs and installs the recipe with mmdebstrap's own apt command", () => {
    const file = (path: string) => ({ type: 'file' as const, path, mode: 0o755, content: Buffer.from('') });
    const args = onEssentialArgs({ ...inputs, hooks: { files: [file('essential-hook.sh')], env: {} } }, 'r.tar');
    expect(args[0]).toBe('--variant=custom');
    const setup = args.filter((arg) => arg.startsWith('--setup-hook='));
    expect(setup[0]).toContain('--file="$LSIM_ESSENTIAL_TAR"');
    expect(setup[0]).toContain("--exclude='./dev/*' --exclude=./etc/apt/sources.list");
    expect(setup[1]).toContain('"$LSIM_DEB_CACHE"/*.deb');
    const customize = args.filter((arg) => arg.startsWith('--customize-hook='));
    expect(customize[0]).toContain('-o DPkg::Chroot-Directory="$1"');
    expect(customize[0]).toMatch(/--yes install 'curl' 'python3.13'$/);
    // The .debs are copied out after the install, and the family's essential hook runs before it.
    expect(customize[1]).toContain('$LSIM_DEB_CACHE');
    expect(args).toContain('--essential-hook=chroot "$1" sh /tmp/lsim-rootfs/essential-hook.sh');
    // experimental's own sources stay: the tarball's sid-only sources.list is not unpacked over them.
    expect(args.at(-1)).toContain(' experimental main');
  });
});
