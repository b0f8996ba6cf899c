import { engineFake } from '../../test/helpers/engine-fake.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildProgress, ContainerEngine } from '../engine/container-engine.js';
import type { ImageBuildEvent } from './image-build-event.js';
import { ImageBuilder } from './image-builder.js';
import { defaultImagesDir } from './images-dir.js';

/** Only the image methods the builder uses; an in-memory image store, no Docker. */
class ImageStore implements Pick<ContainerEngine, 'imageExists' | 'importImage' | 'buildImage'> {
  readonly images = new Set<string>();
  readonly builds: Array<{ tag: string; dockerfile: string }> = [];

  async imageExists(tag: string): Promise<boolean> {
    return this.images.has(tag);
  }

  async importImage(_rootfsTar: string, tag: string): Promise<void> {
    this.images.add(tag);
  }

  async buildImage(context: Readable, tag: string, onProgress?: (p: BuildProgress) => void): Promise<void> {
    const extract = tar.extract();
    const files = (async () => {
      const out = new Map<string, string>();
      for await (const entry of extract) out.set(entry.header.name, (await buffer(entry)).toString('utf8'));
      return out;
    })();
    extract.end(await buffer(context));
    const dockerfile = (await files).get('Dockerfile') ?? '';
    await new Promise((resolve) => setTimeout(resolve, 20));
    onProgress?.({ line: `Step 1/1 : built ${tag}` });
    this.builds.push({ tag, dockerfile });
    this.images.add(tag);
  }
}

function builderOn(store: ImageStore, workDir: string, events: ImageBuildEvent[] = []): ImageBuilder {
  const engine = engineFake(
    {
      imageExists: (tag) => store.imageExists(tag),
      importImage: (tar, tag) => store.importImage(tar, tag),
      buildImage: (context, tag, onProgress) => store.buildImage(context, tag, onProgress),
    },
    'the image builder',
  );
  return new ImageBuilder(engine, { imagesDir: defaultImagesDir(), workDir, onProgress: (event) => events.push(event) });
}

describe('ImageBuilder (in-memory image store)', () => {
  let workDir: string;
  let store: ImageStore;
  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'lsim-build-'));
    store = new ImageStore();
  });
  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('builds base then family on a present rootfs, pinning each parent tag', async () => {
    const events: ImageBuildEvent[] = [];
    const builder = builderOn(store, workDir, events);
    const plan = await builder.plan('provided.al2023');
    store.images.add(plan.rootfs.tag);

    expect(await builder.ensureImage('provided.al2023')).toBe(plan.image.tag);
    expect(store.builds.map((build) => build.tag)).toEqual([plan.base.tag, plan.image.tag]);
    expect(store.builds[0]?.dockerfile).toContain(`ARG ROOTFS=${plan.rootfs.tag}\n`);
    expect(store.builds[1]?.dockerfile).toContain(`ARG BASE=${plan.base.tag}\n`);
    expect(events.map((event) => `${event.type} ${'stage' in event ? event.stage : '-'}`)).toEqual([
      'cached rootfs',
      'start base',
      'output base',
      'step base',
      'built base',
      'start provided',
      'output provided',
      'step provided',
      'built provided',
    ]);
  });

  it('is a cache hit the second time: one lookup, no build', async () => {
    const builder = builderOn(store, workDir);
    store.images.add((await builder.plan('provided.al2023')).rootfs.tag);
    await builder.ensureImage('provided.al2023');
    const events: ImageBuildEvent[] = [];
    const again = builderOn(store, workDir, events);
    const [result] = await again.buildAll(['provided.al2023']);
    expect(result).toMatchObject({ family: 'provided', built: false });
    expect(store.builds).toHaveLength(2);
    expect(events).toEqual([{ type: 'cached', stage: 'provided', tag: result?.tag }]);
  });

  it('shares one build between concurrent callers in a process', async () => {
    const builder = builderOn(store, workDir);
    store.images.add((await builder.plan('provided.al2023')).rootfs.tag);
    const tags = await Promise.all([builder.ensureImage('provided.al2023'), builder.ensureImage('provided.al2023')]);
    expect(tags[0]).toBe(tags[1]);
    expect(store.builds).toHaveLength(2);
  });

  it('finds the image built by the process it waited for', async () => {
    const builder = builderOn(store, workDir);
    const plan = await builder.plan('provided.al2023');
    store.images.add(plan.rootfs.tag);
    store.images.add(plan.base.tag);
    // Simulate another lsim process: it holds the family lock, builds, then releases.
    const { acquireFileLock } = await import('./file-lock.js');
    const other = await acquireFileLock(join(workDir, 'locks', `${plan.image.tag.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`));
    const events: ImageBuildEvent[] = [];
    const waiting = builderOn(store, workDir, events).ensureImage('provided.al2023');
    await new Promise((resolve) => setTimeout(resolve, 100));
    store.images.add(plan.image.tag);
    await other.release();
    expect(await waiting).toBe(plan.image.tag);
    expect(store.builds).toHaveLength(0);
    expect(events.map((event) => event.type)).toEqual(['waiting', 'cached']);
  });
});
