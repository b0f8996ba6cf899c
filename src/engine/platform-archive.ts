import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/**
 * A root filesystem tarball as a `docker save` archive (manifest.json, an image config, the tarball as
 * its one layer) whose config records `platform`. Engine 20.10's import records the engine's own
 * architecture whatever its platform parameter says, and an image recorded as linux/amd64 cannot be
 * built from or run as linux/arm64 (the engine then looks for the right one in a registry); `docker
 * load` keeps the config as written. The layer's DiffID is the tarball's SHA-256, which load verifies.
 */
export async function platformArchive(rootfsTar: string, tag: string, platform: string): Promise<Readable> {
  const [os = 'linux', architecture = ''] = platform.split('/');
  const hash = createHash('sha256');
  await pipeline(createReadStream(rootfsTar), hash);
  const diffId = `sha256:${hash.digest('hex')}`;
  const { size } = await stat(rootfsTar);
  const config = JSON.stringify({
    architecture,
    os,
    config: {},
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created_by: `lsim import of ${platform} root filesystem` }],
  });
  const manifest = JSON.stringify([{ Config: 'config.json', RepoTags: [tag], Layers: ['layer.tar'] }]);

  const pack = tar.pack();
  const write = async (): Promise<void> => {
    pack.entry({ name: 'config.json' }, config);
    pack.entry({ name: 'manifest.json' }, manifest);
    const layer = pack.entry({ name: 'layer.tar', size });
    await pipeline(createReadStream(rootfsTar), layer);
    pack.finalize();
  };
  write().catch((error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))));
  // tar-stream's streams are streamx streams; dockerode wants a genuine Node stream.
  return Readable.from(pack);
}
