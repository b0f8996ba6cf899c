import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LsimError } from '../common/errors.js';

/**
 * Where the Docker engine is and how dockerode reaches it, derived from `config.dockerHost` only
 * (flag > DOCKER_HOST was settled in config.ts).
 *
 * docker-modem builds its own defaults from process.env.DOCKER_HOST and then overlays ours, so the
 * result names every transport key explicitly (`host: undefined` included): otherwise an
 * environment DOCKER_HOST=tcp://… would silently beat a `--docker-host unix://…` flag.
 */

export type EngineTransport = 'unix' | 'tcp' | 'npipe';

export interface DockerConnectionOptions {
  readonly socketPath: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly protocol: 'http' | 'https';
  /** The CA the engine's certificate must chain to, and lsim's client certificate (DOCKER_CERT_PATH). */
  readonly ca: Buffer | undefined;
  readonly cert: Buffer | undefined;
  readonly key: Buffer | undefined;
}

/** config.dockerTls. */
export interface DockerTlsSettings {
  readonly verify: true;
  readonly certPath: string;
}

export interface DockerConnection {
  readonly transport: EngineTransport;
  /** Human-readable address for error messages, in DOCKER_HOST syntax. */
  readonly where: string;
  readonly options: DockerConnectionOptions;
}

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
const DEFAULT_NPIPE = '//./pipe/docker_engine';
/** Docker's convention: 2376 is the TLS port, 2375 the plain one. */
const TLS_PORT = 2376;
const PLAIN_PORT = 2375;

const socket = (transport: 'unix' | 'npipe', path: string, where: string): DockerConnection => ({
  transport,
  where,
  options: { socketPath: path, host: undefined, port: undefined, protocol: 'http', ...NO_CERTIFICATES },
});

const NO_CERTIFICATES = { ca: undefined, cert: undefined, key: undefined } as const;

/** ca.pem, cert.pem and key.pem of the docker CLI's certificate folder; a missing one says which. */
function certificates(tls: DockerTlsSettings): Pick<DockerConnectionOptions, 'ca' | 'cert' | 'key'> {
  const read = (file: string): Buffer => {
    const path = join(tls.certPath, file);
    try {
      return readFileSync(path);
    } catch (error) {
      throw new LsimError(
        'EngineUnavailable',
        `DOCKER_TLS_VERIFY is set, but ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
          'DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem, as for the docker CLI.',
        { cause: error },
      );
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

function tcp(dockerHost: string, tlsSettings: DockerTlsSettings | undefined): DockerConnection {
  let url: URL;
  try {
    url = new URL(dockerHost);
  } catch (error) {
    throw unsupported(dockerHost, error);
  }
  if (url.hostname === '') throw unsupported(dockerHost);
  const port = url.port === '' ? PLAIN_PORT : Number(url.port);
  // As the docker CLI: DOCKER_TLS_VERIFY means TLS; without it, https:// or Docker's TLS port.
  const tls = tlsSettings !== undefined || url.protocol === 'https:' || port === TLS_PORT;
  return {
    transport: 'tcp',
    where: `tcp://${url.host}`,
    options: {
      socketPath: undefined,
      host: url.hostname,
      port,
      protocol: tls ? 'https' : 'http',
      ...(tlsSettings === undefined ? NO_CERTIFICATES : certificates(tlsSettings)),
    },
  };
}

function unsupported(dockerHost: string, cause?: unknown): LsimError {
  return new LsimError(
    'EngineUnavailable',
    `Unsupported Docker host "${dockerHost}": use unix:///path/to/docker.sock, tcp://host:port or npipe:////./pipe/name.`,
    { cause },
  );
}

export function resolveDockerConnection(dockerHost: string | undefined, tls?: DockerTlsSettings): DockerConnection {
  if (dockerHost === undefined || dockerHost === '') {
    return socket('unix', DEFAULT_UNIX_SOCKET, `unix://${DEFAULT_UNIX_SOCKET}`);
  }
  if (dockerHost.startsWith('unix://')) {
    const path = dockerHost.slice('unix://'.length);
    if (path === '') return socket('unix', DEFAULT_UNIX_SOCKET, `unix://${DEFAULT_UNIX_SOCKET}`);
    return socket('unix', path, dockerHost);
  }
  if (dockerHost.startsWith('npipe://')) {
    const path = dockerHost.slice('npipe://'.length);
    return socket('npipe', path === '' ? DEFAULT_NPIPE : path, dockerHost);
  }
  if (dockerHost.startsWith('tcp://') || dockerHost.startsWith('http://') || dockerHost.startsWith('https://')) {
    return tcp(dockerHost, tls);
  }
  if (dockerHost.startsWith('ssh://')) {
    throw new LsimError(
      'EngineUnavailable',
      `ssh:// engines ("${dockerHost}") are not supported yet: use tcp:// with TLS (DOCKER_TLS_VERIFY), or forward the engine's ` +
        'socket (ssh -NL /tmp/engine.sock:/var/run/docker.sock HOST) and set DOCKER_HOST=unix:///tmp/engine.sock with ' +
        'LSIM_PORTABLE_MOUNTS=1, since that socket is not on this machine (docs/remote-engines.md#connections).',
    );
  }
  // The docker CLI accepts a bare `host:port` as tcp; so do we. Anything else with a scheme (ssh://, fd://) is not supported.
  if (!dockerHost.includes('://')) return tcp(`tcp://${dockerHost}`, tls);
  throw unsupported(dockerHost);
}
