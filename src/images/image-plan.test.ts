import { chmod, cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planImage } from './image-plan.js';
import { defaultImagesDir } from './images-dir.js';

const options = { variant: 'minbase', architecture: 'x86_64' } as const;

describe('planImage on a copy of the real images folder', () => {
  let images: string;
  beforeEach(async () => {
    images = join(await mkdtemp(join(tmpdir(), 'lsim-plan-')), 'images');
    await cp(defaultImagesDir(), images, { recursive: true });
  });
  afterEach(async () => {
    await rm(join(images, '..'), { recursive: true, force: true });
  });

  it('reads the package list and builds the base context from base/ and common/', async () => {
    const plan = await planImage(images, 'provided.al2023', options);
    expect(plan.rootfs.inputs).toEqual({
      packages: ['ca-certificates', 'curl', 'socat', 'tcc'],
      suite: 'bookworm',
      variant: 'minbase',
      architecture: 'x86_64',
    });
    expect(plan.base.context.map((entry) => entry.path)).toEqual([
      'Dockerfile',
      'glibc-ceiling',
      'glibc-ceiling/add-gnu-stack.pl',
      'glibc-ceiling/ceiling-audit.c',
      'lsim-entry',
      'lsim-tunnel',
    ]);
    expect(plan.base.context.find((entry) => entry.path === 'lsim-entry')).toMatchObject({ mode: 0o755 });
    expect(plan.image.context.find((entry) => entry.path === 'bootstrap')).toMatchObject({ mode: 0o755 });
    expect(plan.image.tag).toMatch(/^lsim\/provided:x86_64-[0-9a-f]{16}$/);
  });

  it('plans an arm64 image from an arm64 rootfs, with the arm64 Node.js binary', async () => {
    const arm = { ...options, architecture: 'arm64' } as const;
    const provided = await planImage(images, 'provided.al2023', arm);
    expect(provided.rootfs.inputs.architecture).toBe('arm64');
    expect(provided.image.tag).toMatch(/^lsim\/provided:arm64-[0-9a-f]{16}$/);
    const [x86, arm64] = await Promise.all([planImage(images, 'nodejs22.x', options), planImage(images, 'nodejs22.x', arm)]);
    expect(arm64.image.nodeBinary?.version).toBe(x86.image.nodeBinary?.version);
    expect(arm64.image.nodeBinary?.integrity).not.toBe(x86.image.nodeBinary?.integrity);
  });

  it("takes each runtime id's interpreter from its suite, and shares one image between ids with one recipe", async () => {
    const py312 = await planImage(images, 'python3.12', options);
    expect(py312.rootfs.inputs).toMatchObject({
      suite: 'trixie',
      packages: ['ca-certificates', 'curl', 'socat', 'tcc', 'python3.13', 'python3-boto3'],
    });
    expect(py312.image.buildArgs).toEqual({
      PYTHON: 'python3.13',
      PYTHON_NAMES: 'python3.12 python3.13',
      SDK_MODULES: 'boto3 botocore s3transfer jmespath dateutil urllib3 six?',
      SDK_DIRS: '/var/lang/lib/python3.12/site-packages /var/lang/lib/python3.13/site-packages',
    });
    expect((await planImage(images, 'python3.13', options)).image.tag).toBe(py312.image.tag);
    expect((await planImage(images, 'python3.9', options)).rootfs.inputs.suite).toBe('bullseye');
    const node22 = await planImage(images, 'nodejs22.x', options);
    expect(node22.image.nodeBinary?.version).toMatch(/^22\./);
    expect((await planImage(images, 'nodejs20.x', options)).image.tag).not.toBe(node22.image.tag);
    expect(node22.rootfs.tag).toBe((await planImage(images, 'provided.al2', options)).rootfs.tag);
    expect((await planImage(images, 'java21', options)).rootfs.inputs.packages).toContain('openjdk-21-jdk-headless');
  });

  it("runs the python family's rootfs hooks in the rootfs build, with its build arguments, and keeps them out of the family context", async () => {
    const py313 = await planImage(images, 'python3.13', options);
    const hooks = py313.rootfs.inputs.hooks;
    expect(hooks?.files.map((entry) => entry.path)).toEqual(
      expect.arrayContaining(['customize-hook.sh', 'essential-hook.sh', 'botocore-vendored']),
    );
    expect(hooks?.env).toMatchObject({ PYTHON: 'python3.13', SDK_DIRS: expect.stringContaining('/var/lang/lib/python3.13/site-packages') });
    expect(py313.image.context.map((entry) => entry.path)).not.toContain('rootfs');
    expect((await planImage(images, 'provided.al2023', options)).rootfs.inputs.hooks).toBeUndefined();
    await writeFile(join(images, 'python', 'rootfs', 'customize-hook.sh'), '#!/bin/sh\n');
    const after = await planImage(images, 'python3.13', options);
    expect(after.rootfs.tag).not.toBe(py313.rootfs.tag);
    expect(after.image.tag).not.toBe(py313.image.tag);
  });

  it('renames base and family when lsim-entry changes, but not the rootfs', async () => {
    const before = await planImage(images, 'provided.al2023', options);
    await writeFile(join(images, 'common', 'lsim-entry'), '#!/bin/sh\nexec /var/runtime/bootstrap\n');
    const after = await planImage(images, 'provided.al2023', options);
    expect(after.rootfs.tag).toBe(before.rootfs.tag);
    expect(after.base.tag).not.toBe(before.base.tag);
    expect(after.image.tag).not.toBe(before.image.tag);
  });

  it('renames only the family when its bootstrap loses its exec bit', async () => {
    const before = await planImage(images, 'provided.al2023', options);
    await chmod(join(images, 'provided', 'bootstrap'), 0o644);
    const after = await planImage(images, 'provided.al2023', options);
    expect(after.base.tag).toBe(before.base.tag);
    expect(after.image.tag).not.toBe(before.image.tag);
  });

  it('renames everything when a package is added', async () => {
    const before = await planImage(images, 'provided.al2023', options);
    await writeFile(join(images, 'base', 'packages.txt'), 'curl\nsocat\njq\n');
    const after = await planImage(images, 'provided.al2023', options);
    expect(after.rootfs.tag).not.toBe(before.rootfs.tag);
    expect(after.base.tag).not.toBe(before.base.tag);
    expect(after.image.tag).not.toBe(before.image.tag);
  });

  it('ignores a README.md and a packages.txt beside a Dockerfile', async () => {
    const before = await planImage(images, 'provided.al2023', options);
    await writeFile(join(images, 'provided', 'README.md'), 'notes');
    await writeFile(join(images, 'provided', 'packages.txt'), 'jq\n');
    const after = await planImage(images, 'provided.al2023', options);
    const paths = after.image.context.map((entry) => entry.path);
    expect(paths).not.toContain('README.md');
    expect(paths).not.toContain('packages.txt');
    expect(after.image.tag).toBe(before.image.tag);
  });

  it('hashes any other file or folder beside a Dockerfile', async () => {
    const before = await planImage(images, 'provided.al2023', options);
    await mkdir(join(images, 'provided', 'fixtures'), { recursive: true });
    await writeFile(join(images, 'provided', 'fixtures', 'bootstrap'), 'x');
    const after = await planImage(images, 'provided.al2023', options);
    expect(after.image.context.map((entry) => entry.path)).toEqual(expect.arrayContaining(['fixtures', 'fixtures/bootstrap']));
    expect(after.image.tag).not.toBe(before.image.tag);
  });

  it('says which file is missing for a family not written yet', async () => {
    await expect(planImage(images, 'provided.al2023', options)).resolves.toBeDefined();
    await rm(join(images, 'provided', 'Dockerfile'));
    await expect(planImage(images, 'provided.al2023', options)).rejects.toMatchObject({
      code: 'ImageBuildFailed',
      message: expect.stringContaining('provided/Dockerfile'),
    });
  });
});
