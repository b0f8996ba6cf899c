import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { DEFAULT_UNIX_SOCKET, resolveDockerConnection } from './connection.js';

describe('resolveDockerConnection', () => {
  it('uses the default unix socket when no host is configured', () => {
    const connection = resolveDockerConnection(undefined);
    expect(connection.transport).toBe('unix');
    expect(connection.options).toEqual({
      socketPath: DEFAULT_UNIX_SOCKET,
      host: undefined,
      port: undefined,
      protocol: 'http',
      ca: undefined,
      cert: undefined,
      key: undefined,
    });
    expect(resolveDockerConnection('').options.socketPath).toBe(DEFAULT_UNIX_SOCKET);
  });

  it('takes the socket path of unix:// hosts', () => {
    const connection = resolveDockerConnection('unix:///run/user/1000/docker.sock');
    expect(connection.options.socketPath).toBe('/run/user/1000/docker.sock');
    expect(connection.where).toBe('unix:///run/user/1000/docker.sock');
    expect(resolveDockerConnection('unix://').options.socketPath).toBe(DEFAULT_UNIX_SOCKET);
  });

  it('names host: undefined explicitly so an environment DOCKER_HOST cannot override a unix socket', () => {
    const { options } = resolveDockerConnection('unix:///tmp/d.sock');
    expect(Object.keys(options)).toEqual(expect.arrayContaining(['host', 'port', 'socketPath', 'protocol', 'ca', 'cert', 'key']));
    expect(options.host).toBeUndefined();
  });

  it('parses tcp:// hosts, with TLS on 2376 and https://', () => {
    expect(resolveDockerConnection('tcp://10.0.0.5:2375')).toEqual({
      transport: 'tcp',
      where: 'tcp://10.0.0.5:2375',
      options: { socketPath: undefined, host: '10.0.0.5', port: 2375, protocol: 'http', ca: undefined, cert: undefined, key: undefined },
    });
    expect(resolveDockerConnection('tcp://docker.example:2376').options.protocol).toBe('https');
    expect(resolveDockerConnection('https://docker.example:3000').options.protocol).toBe('https');
    expect(resolveDockerConnection('tcp://docker.example').options.port).toBe(2375);
    expect(resolveDockerConnection('localhost:2375').options.host).toBe('localhost');
  });

  it('handles npipe://', () => {
    expect(resolveDockerConnection('npipe:////./pipe/docker_engine').options.socketPath).toBe('//./pipe/docker_engine');
    expect(resolveDockerConnection('npipe://').options.socketPath).toBe('//./pipe/docker_engine');
    expect(resolveDockerConnection('npipe://').transport).toBe('npipe');
  });

  it('refuses unsupported schemes with an EngineUnavailable error', () => {
    for (const host of ['ssh://me@box', 'fd://', 'tcp://']) {
      expect(() => resolveDockerConnection(host)).toThrow(LsimError);
    }
    try {
      resolveDockerConnection('ssh://me@box');
    } catch (error) {
      expect((error as LsimError).code).toBe('EngineUnavailable');
      expect((error as LsimError).message).toMatch(/ssh:\/\/ engines .* not supported yet: use tcp:\/\/ with TLS/);
    }
  });

  it('DOCKER_TLS_VERIFY: TLS on any port, with the CA and client certificate of DOCKER_CERT_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsim-certs-'));
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, file), `${file} content`);
    const { options } = resolveDockerConnection('tcp://10.0.0.5:2375', { verify: true, certPath: dir });
    expect(options.protocol).toBe('https');
    expect([options.ca, options.cert, options.key].map(String)).toEqual(['ca.pem content', 'cert.pem content', 'key.pem content']);
    rmSync(join(dir, 'key.pem'));
    expect(() => resolveDockerConnection('tcp://10.0.0.5:2376', { verify: true, certPath: dir })).toThrow(
      /DOCKER_TLS_VERIFY is set, but .*key\.pem cannot be read \(ENOENT\)/,
    );
    // A unix socket has no TLS: the settings do not apply there.
    expect(resolveDockerConnection('unix:///tmp/d.sock', { verify: true, certPath: dir }).options.ca).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});
