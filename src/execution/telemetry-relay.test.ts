import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { relayDelivery } from './telemetry-relay.js';

/**
 * The host half of the relay against a stand-in for lsim-entry's half (read the port line, then pipe
 * to 127.0.0.1:<port>), so the protocol between them is tested without Docker; the container half
 * runs for real in test/integration/telemetry.test.ts.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function relay(socketPath: string): Server {
  const server = createServer((socket) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const newline = head.indexOf(0x0a);
      if (newline < 0) return;
      socket.off('data', onData);
      socket.pause();
      const upstream = createConnection(Number(head.subarray(0, newline).toString()), '127.0.0.1', () => {
        upstream.write(head.subarray(newline + 1));
        socket.pipe(upstream).pipe(socket);
        socket.resume();
      });
      upstream.on('error', () => socket.destroy());
    };
    socket.on('data', onData);
  });
  server.listen(socketPath);
  cleanups.push(() => server.close());
  return server;
}

async function subscriber(
  status: number,
): Promise<{ port: number; received: { method: string; url: string; host: string; body: string }[] }> {
  const received: { method: string; url: string; host: string; body: string }[] = [];
  const server = createHttpServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return { port: (server.address() as AddressInfo).port, received };
}

const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'lsim-relay-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe('relayDelivery', () => {
  it('names the port, then sends the batch as one HTTP request to the subscriber', async () => {
    const socket = join(folder(), 'relay.sock');
    relay(socket);
    const { port, received } = await subscriber(200);
    await relayDelivery(socket)({ port, path: '/lambda_logs', method: 'PUT' }, '[{"type":"function"}]');
    expect(received).toEqual([{ method: 'PUT', url: '/lambda_logs', host: `sandbox.localdomain:${port}`, body: '[{"type":"function"}]' }]);
  });

  it('waits for a relay that is not listening yet', async () => {
    const socket = join(folder(), 'relay.sock');
    const { port, received } = await subscriber(200);
    setTimeout(() => relay(socket), 150);
    await relayDelivery(socket)({ port, path: '/', method: 'POST' }, '[]');
    expect(received).toHaveLength(1);
  });

  it('fails when the subscriber answers an error status', async () => {
    const socket = join(folder(), 'relay.sock');
    relay(socket);
    const { port } = await subscriber(500);
    await expect(relayDelivery(socket)({ port, path: '/', method: 'POST' }, '[]')).rejects.toThrow('the subscriber answered 500');
  });
});
