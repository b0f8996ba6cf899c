import { chmod } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { RUNTIME_API_MOUNT } from './runtime-api-link.js';

/** In the sandbox's own Runtime API folder: the one connection its container makes before it is claimed. */
export const CLAIM_SOCKET = 'claim.sock';

/**
 * What a pre-provisioned sandbox runs instead of lsim-entry until it is claimed: it waits on its claim
 * socket, takes the function's environment from it (export lines), checks that the function's code has
 * appeared at /var/task (a mount propagated from the host, host-mounts.ts), and becomes lsim-entry, as
 * every other environment's container starts. lsim-entry and the bootstrap see nothing else.
 */
const WAIT_SCRIPT = `claim=$(socat -u UNIX-CONNECT:${RUNTIME_API_MOUNT}/${CLAIM_SOCKET} STDOUT) && [ -n "$claim" ] || {
  echo "lsim-sandbox: the sandbox was never claimed" >&2; exit 1; }
eval "$claim"
unset claim
[ "$(grep -c '^[^ ]* [^ ]* [^ ]* [^ ]* /var/task ' /proc/self/mountinfo)" -ge 2 ] || {
  echo "lsim-sandbox: the function's code did not appear at /var/task (mounts made on the host do not reach the engine's containers: set LSIM_SANDBOX_POOL=0)" >&2; exit 1; }
cd /var/task || exit 1
exec /var/runtime/lsim-entry`;

export const SANDBOX_ENTRYPOINT = ['/bin/sh', '-c', WAIT_SCRIPT, 'lsim-sandbox'] as const;

/** Names a POSIX shell can export: Lambda's own rule for keys is narrower ([a-zA-Z]([a-zA-Z0-9_])+). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `export NAME='value'` per variable, single-quoted so any byte but NUL (newlines included) passes through eval unchanged. */
export function exportLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!NAME.test(name)) throw new Error(`The environment variable name ${JSON.stringify(name)} cannot reach a sandbox.`);
      return `export ${name}='${value.replaceAll("'", `'\\''`)}'\n`;
    })
    .join('');
}

/**
 * The host side of the claim socket: it holds the waiting container's connection, and a claim writes
 * the environment and closes it. Only that container mounts the folder, so only it can connect.
 */
export class ClaimChannel {
  private waiting: Socket | undefined;
  /** Settles when the container connected: the sandbox is started and waiting. */
  readonly connected: Promise<void>;

  private constructor(private readonly server: Server) {
    this.connected = new Promise((resolve) =>
      server.on('connection', (socket) => {
        if (this.waiting !== undefined) {
          socket.destroy();
          return;
        }
        socket.on('error', () => undefined);
        this.waiting = socket;
        resolve();
      }),
    );
  }

  static async open(path: string): Promise<ClaimChannel> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // The container's user (993) connects through its bind mount of this folder (runtime-api-link.ts).
    await chmod(path, 0o666);
    return new ClaimChannel(server);
  }

  async claim(env: Readonly<Record<string, string>>): Promise<void> {
    const socket = this.waiting;
    if (socket === undefined) throw new Error('The sandbox is not waiting for a claim.');
    this.waiting = undefined;
    await new Promise<void>((resolve, reject) => socket.end(exportLines(env), () => resolve()).once('error', reject));
    this.close();
  }

  close(): void {
    this.waiting?.destroy();
    this.waiting = undefined;
    this.server.close();
  }
}
