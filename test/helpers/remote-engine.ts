import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A Docker engine on "another host" (docs/remote-engines.md#testing): a second dockerd in a network
 * namespace of its own, joined to this one by a veth pair with a private /30, its API on
 * tcp://ADDR:2375 and, through a TLS terminator in the same namespace, tcp://ADDR:2376 with client
 * certificates made by openssl now. It runs in a mount namespace where `hidden` (the parent of the test's
 * LSIM_HOME) is an empty tmpfs, with data and exec roots of its own: a bind mount of a path of this machine
 * or a connection to an address of it fails there as it would on another machine. Its own iptables (a
 * separate network stack) give its containers outbound NAT. Root only (CI runs as root).
 */
export interface RemoteEngine {
  /** tcp://ADDR:2375 */
  readonly plain: string;
  /** tcp://ADDR:2376, TLS with client certificates. */
  readonly tls: string;
  /** DOCKER_CERT_PATH for `tls`: ca.pem, cert.pem, key.pem. */
  readonly certPath: string;
  readonly address: string;
  /** Engine variables for lsim and the docker CLI (plain). */
  readonly env: Readonly<Record<string, string>>;
  stop(): void;
}

const HELPER = fileURLToPath(new URL('./remote-tls-proxy.mjs', import.meta.url));

const run = (command: string, args: readonly string[]): void => {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
};
const attempt = (command: string, args: readonly string[]): void => {
  spawnSync(command, args, { stdio: 'ignore' });
};

export async function startRemoteEngine(hidden: string): Promise<RemoteEngine> {
  if (process.getuid?.() !== 0)
    throw new Error('The remote-engine test needs root (network namespaces, a second dockerd): CI runs as root.');
  for (const tool of ['ip', 'nsenter', 'unshare', 'dockerd', 'openssl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is not installed; the remote-engine test needs it`);
  }
  // A /30 and names of this process's own, so two runs on one machine do not meet.
  const slot = (process.pid % 250) + 1;
  const name = `lsimre${process.pid % 100000}`;
  const hostAddress = `10.213.${slot}.1`;
  const address = `10.213.${slot}.2`;
  const netns = `/run/netns/${name}`;
  const root = mkdtempSync('/var/tmp/lsim-remote-engine-');
  const certPath = join(root, 'certs');
  const children: ChildProcess[] = [];
  const stop = (): void => {
    for (const child of children) child.kill('SIGTERM');
    // dockerd stops its containers and its containerd; then the namespace and the pair go.
    for (let tries = 0; tries < 100 && children.some((child) => child.exitCode === null && child.signalCode === null); tries++) {
      spawnSync('sleep', ['0.1']);
    }
    for (const child of children) child.kill('SIGKILL');
    attempt('ip', ['link', 'delete', `${name}h`]);
    attempt('ip', ['netns', 'delete', name]);
    attempt('umount', ['-R', join(root, 'data')]);
    if (spawnSync('findmnt', ['-R', root]).status !== 0) rmSync(root, { recursive: true, force: true });
  };
  try {
    run('ip', ['netns', 'add', name]);
    run('ip', ['link', 'add', `${name}h`, 'type', 'veth', 'peer', 'name', `${name}e`]);
    run('ip', ['link', 'set', `${name}e`, 'netns', name]);
    run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', `${name}h`]);
    run('ip', ['link', 'set', `${name}h`, 'up']);
    const inNetns = (args: readonly string[]): void => run('nsenter', [`--net=${netns}`, ...args]);
    inNetns(['ip', 'addr', 'add', `${address}/30`, 'dev', `${name}e`]);
    inNetns(['ip', 'link', 'set', `${name}e`, 'up']);
    inNetns(['ip', 'link', 'set', 'lo', 'up']);
    makeCertificates(certPath, address);
    mkdirSync(hidden, { recursive: true });
    const dockerd = [
      'dockerd',
      '--host',
      `tcp://${address}:2375`,
      '--tls=false',
      '--data-root',
      join(root, 'data'),
      '--exec-root',
      join(root, 'exec'),
      '--pidfile',
      join(root, 'dockerd.pid'),
    ].join(' ');
    const engine = spawn(
      'nsenter',
      [`--net=${netns}`, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs none '${hidden}' && exec ${dockerd}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(engine);
    let log = '';
    engine.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-4000)));
    const proxy = spawn('nsenter', [`--net=${netns}`, process.execPath, HELPER, `${address}:2376`, `${address}:2375`, certPath], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(proxy);
    const plain = `tcp://${address}:2375`;
    for (let tries = 0; ; tries++) {
      const version = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { env: { ...process.env, DOCKER_HOST: plain } });
      if (version.status === 0) break;
      if (tries > 150 || engine.exitCode !== null) throw new Error(`The remote engine did not answer on ${plain}:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { plain, tls: `tcp://${address}:2376`, certPath, address, env: { DOCKER_HOST: plain }, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A CA, a server certificate for `address` and a client certificate, as `docker` documents (protect the daemon socket). */
function makeCertificates(dir: string, address: string): void {
  mkdirSync(dir, { recursive: true });
  const openssl = (...args: string[]): void => run('openssl', args);
  const at = (file: string): string => join(dir, file);
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=lsim test CA',
    '-keyout',
    at('ca-key.pem'),
    '-out',
    at('ca.pem'),
  );
  for (const [who, extensions] of [
    ['server', `subjectAltName=IP:${address}\nextendedKeyUsage=serverAuth\n`],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    const key = who === 'client' ? at('key.pem') : at('server-key.pem');
    const cert = who === 'client' ? at('cert.pem') : at('server-cert.pem');
    writeFileSync(at(`${who}.ext`), extensions);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${who}`, '-keyout', key, '-out', at(`${who}.csr`));
    openssl(
      'x509',
      '-req',
      '-in',
      at(`${who}.csr`),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      at(`${who}.ext`),
      '-out',
      cert,
    );
  }
  if (!existsSync(at('cert.pem'))) throw new Error('openssl made no client certificate');
}
