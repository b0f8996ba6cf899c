import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codes, finding } from '../../../test/helpers/doctor/report-findings.js';
import { diagnose } from '../diagnose.js';
import { DoctorFixture } from '../../../test/helpers/doctor/doctor-fixture.js';
import { EM_AARCH64, EM_X86_64 } from '../elf/elf-reader.js';
import { makeElf } from '../../../test/helpers/doctor/make-elf.js';
import { treeSourceFromDir } from '../tree/tree-source-from-dir.js';

const fx = new DoctorFixture();

describe('executability', () => {
  it('flags bin/ files without exec bits (extensions have their own finding)', async () => {
    const layer = await fx.zip('ext.zip', [
      { name: 'extensions/my-extension', data: '#!/bin/sh', mode: 0o644 },
      { name: 'bin/tool', data: '#!/bin/sh', mode: 0o744 },
      { name: 'bin/ok', data: '#!/bin/sh', mode: 0o755 },
    ]);
    const report = await diagnose(fx.subject('python3.12', { layers: [layer] }));
    const f = finding(report, 'missing-exec-bit');
    expect(f.paths).toEqual(['/opt/bin/tool']);
    expect(finding(report, 'extension-not-executable').paths).toEqual(['/opt/extensions/my-extension']);
    expect(f.fix).toContain('chmod 755');
  });

  it('flags files the function user cannot read', async () => {
    const layer = await fx.zip('secret.zip', [{ name: 'python/config.py', data: 'x=1', mode: 0o600 }]);
    const report = await diagnose(fx.subject('python3.12', { layers: [layer] }));
    const f = finding(report, 'not-world-readable');
    expect(f.paths).toEqual(['/opt/python/config.py']);
    expect(f.fix).toContain('chmod -R a+rX');
  });
});

describe('native code', () => {
  it('flags ELF files for the other architecture', async () => {
    const layer = await fx.zip('native.zip', [{ name: 'lib/libfoo.so.1', data: makeElf({ machine: EM_AARCH64 }) }]);
    const report = await diagnose(fx.subject('nodejs20.x', { layers: [layer], architecture: 'x86_64' }));
    const f = finding(report, 'elf-wrong-architecture');
    expect(f.paths).toEqual(['/opt/lib/libfoo.so.1']);
    expect(f.message).toContain('64-bit arm64');
    expect(f.fix).toContain('Rebuild or download these for x86_64');
  });

  it('reports a 32-bit binary by class', async () => {
    const layer = await fx.zip('i386.zip', [{ name: 'bin/old', data: makeElf({ elfClass: 32, machine: 3 }), mode: 0o755 }]);
    const report = await diagnose(fx.subject('provided.al2', { layers: [layer] }));
    expect(finding(report, 'elf-wrong-architecture').message).toContain('32-bit i386');
  });

  it('flags a library needing a newer glibc than AL2 has, naming the version', async () => {
    const elf = makeElf({ machine: EM_X86_64, needs: { 'libc.so.6': ['GLIBC_2.2.5', 'GLIBC_2.28'] } });
    const layer = await fx.zip('crypteia.zip', [{ name: 'lib/libcrypteia.so', data: elf }]);
    const report = await diagnose(fx.subject('provided.al2', { layers: [layer] }));
    const f = finding(report, 'elf-glibc-too-new');
    expect(f.message).toContain('needs GLIBC_2.28');
    expect(f.message).toContain('glibc 2.26');
    expect(f.fix).toContain('AL2023');
    const newer = await diagnose(fx.subject('provided.al2023', { layers: [layer] }));
    expect(codes(newer)).not.toContain('elf-glibc-too-new');
  });

  it('reads a real binary of this machine from a folder layer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsim-doctor-bin-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync('/bin/ls', join(dir, 'bin', 'ls'));
    const layer = await treeSourceFromDir(dir, dir);
    const mine = arch() === 'arm64' ? 'arm64' : 'x86_64';
    const other = mine === 'arm64' ? 'x86_64' : 'arm64';
    const same = await diagnose(fx.subject('provided.al2023', { layers: [layer], architecture: mine }));
    expect(codes(same)).not.toContain('elf-wrong-architecture');
    const wrong = await diagnose(fx.subject('provided.al2023', { layers: [layer], architecture: other }));
    expect(finding(wrong, 'elf-wrong-architecture').paths).toEqual(['/opt/bin/ls']);
  });

  it('flags Python extension modules built for another minor version', async () => {
    const layer = await fx.zip('grpc.zip', [
      { name: 'python/grpc/_cython/cygrpc.cpython-38-x86_64-linux-gnu.so', data: makeElf() },
      { name: 'python/ok/fast.cpython-312-x86_64-linux-gnu.so', data: makeElf() },
      { name: 'python/abi/fast.abi3.so', data: makeElf() },
    ]);
    const report = await diagnose(fx.subject('python3.12', { layers: [layer] }));
    const f = finding(report, 'python-extension-abi-mismatch');
    expect(f.paths).toEqual(['/opt/python/grpc/_cython/cygrpc.cpython-38-x86_64-linux-gnu.so']);
    expect(f.fix).toContain('--python-version 3.12');
  });
});

describe('limits', () => {
  const arn = (name: string, version: number): string => `arn:aws:lambda:us-east-1:123456789012:layer:${name}:${version}`;

  it('flags more than five layers', async () => {
    const layers = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => fx.zip(`l${i}.zip`, [{ name: `f${i}`, data: 'x' }])));
    const report = await diagnose(fx.subject('python3.12', { layers }));
    expect(finding(report, 'too-many-layers').fix).toContain('Merge some layers');
  });

  it('flags two versions of one layer', async () => {
    const a = await fx.zip(arn('tools', 1), [{ name: 'a', data: 'x' }], { layerVersionArn: arn('tools', 1) });
    const b = await fx.zip(arn('tools', 2), [{ name: 'b', data: 'x' }], { layerVersionArn: arn('tools', 2) });
    const report = await diagnose(fx.subject('python3.12', { layers: [a, b] }));
    expect(finding(report, 'duplicate-layer').fix).toContain('Keep one version');
  });

  it('flags a total unzipped size over 250 MB', async () => {
    const layer = { ...(await fx.zip('big.zip', [{ name: 'a', data: 'x' }])), unzippedSize: 262_144_001 };
    const report = await diagnose(fx.subject('python3.12', { layers: [layer] }));
    expect(finding(report, 'unzipped-size-exceeded').message).toContain('262144001');
  });

  it('warns about CompatibleRuntimes and CompatibleArchitectures', async () => {
    const layer = await fx.zip('compat.zip', [{ name: 'python/x.py', data: '' }], {
      compatibleRuntimes: ['python3.9'],
      compatibleArchitectures: ['arm64'],
    });
    const report = await diagnose(fx.subject('python3.12', { layers: [layer] }));
    expect(finding(report, 'incompatible-runtime').severity).toBe('warning');
    expect(finding(report, 'incompatible-architecture').fix).toContain('x86_64');
  });
});

describe('provenance', () => {
  it('names the later layer as the winner of a differing file, and notes identical ones', async () => {
    const first = await fx.zip('first.zip', [
      { name: 'python/settings.py', data: 'A = 1' },
      { name: 'python/same.py', data: 'same' },
      { name: 'python/only_first.py', data: '' },
    ]);
    const second = await fx.zip('second.zip', [
      { name: 'python/settings.py', data: 'A = 2' },
      { name: 'python/same.py', data: 'same' },
    ]);
    const report = await diagnose(fx.subject('python3.12', { layers: [first, second] }), { tree: true });
    const shadowed = finding(report, 'layer-file-shadowed');
    expect(shadowed.message).toContain('Layer second.zip (later in Layers) replaces 1 different file(s) of first.zip');
    expect(shadowed.paths).toEqual(['/opt/python/settings.py']);
    expect(shadowed.fix).toContain('move that layer later');
    expect(finding(report, 'layer-file-duplicated').paths).toEqual(['/opt/python/same.py']);
    expect(report.provenance).toEqual([{ path: '/opt/python', layers: ['first.zip', 'second.zip'], winner: 'first.zip' }]);
    expect(report.tree).toContain('settings.py  <- second.zip (shadows first.zip)');
    expect(report.tree).toContain('only_first.py  <- first.zip');
  });
});

describe('search paths', () => {
  it('warns when PYTHONPATH drops the layer entries', async () => {
    const layer = await fx.zip('libs.zip', [{ name: 'python/requests/__init__.py', data: '' }]);
    const report = await diagnose(fx.subject('python3.12', { layers: [layer], userEnv: { PYTHONPATH: '/var/task/src' } }));
    const f = finding(report, 'search-path-opt-removed');
    expect(f.severity).toBe('warning');
    expect(f.paths).toEqual(['/opt/python/lib/python3.12/site-packages', '/opt/python']);
    expect(f.fix).toContain('PYTHONPATH=/var/task/src:/opt/python/lib/python3.12/site-packages:/opt/python');
  });

  it('warns when NODE_PATH replaces the default', async () => {
    const layer = await fx.zip('libs.zip', [{ name: 'nodejs/node_modules/x/index.js', data: '' }]);
    const report = await diagnose(fx.subject('nodejs18.x', { layers: [layer], userEnv: { NODE_PATH: '/var/task/lib' } }));
    const f = finding(report, 'search-path-opt-removed');
    expect(f.message).toContain("the layers' /opt/nodejs/node_modules will not be searched");
    expect(f.fix).toContain('or remove NODE_PATH');
  });
});
