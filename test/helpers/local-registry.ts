import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's `docker-registry` (the CNCF distribution registry) on 127.0.0.1, a free port and a storage
 * folder of its own: the registry the AWS base image tests push to and lsim pulls from. Engines treat
 * 127.0.0.0/8 registries as insecure by default, so plain HTTP needs no engine setting. A missing
 * binary fails the test (scripts/provision-debian.sh installs it), as every other missing tool does.
 */
export class LocalRegistry {
  private constructor(
    readonly address: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<LocalRegistry> {
    if (spawnSync('sh', ['-c', 'command -v docker-registry']).status !== 0) {
      throw new Error('docker-registry is not installed: run scripts/provision-debian.sh (apt-get install docker-registry)');
    }
    const dir = mkdtempSync(join(tmpdir(), 'lsim-registry-'));
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(dir, 'data')}`,
        'http:',
        `  addr: ${address}`,
        '',
      ].join('\n'),
    );
    const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const registry = new LocalRegistry(address, child, dir);
    for (let tries = 0; tries < 100; tries++) {
      if (child.exitCode !== null) break;
      const answer = await fetch(`http://${address}/v2/`).catch(() => undefined);
      if (answer?.status === 200) return registry;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    registry.stop();
    throw new Error(`docker-registry did not answer on ${address}: ${stderr}`);
  }

  stop(): void {
    this.child.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A port nothing listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
