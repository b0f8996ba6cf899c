import { createServer, request } from 'node:http';
import { PassThrough, type Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dataFrames, encodeFrame, FrameDecoder, MAX_PAYLOAD_BYTES, openPayload, type Frame } from './frames.js';
import { TunnelMux } from './tunnel-mux.js';

/** The link container's side as lsim sees it: frames lsim wrote (stdin) and a way to send frames back (stdout). */
function harness(onConnection: (connection: Duplex) => void = () => undefined) {
  const stdin = new PassThrough();
  const decoder = new FrameDecoder();
  const written: Frame[] = [];
  stdin.on('data', (chunk: Buffer) => written.push(...decoder.push(chunk)));
  const mux = new TunnelMux(stdin, onConnection);
  const tunnel = (...frames: Buffer[]): void => mux.receive(Buffer.concat(frames));
  return { mux, written, tunnel };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const read = (stream: Duplex): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });

describe('tunnel frames', () => {
  it('decodes frames however the bytes are cut, a byte at a time included', () => {
    const bytes = Buffer.concat([
      encodeFrame('open', 1),
      ...dataFrames(1, Buffer.from('hello')),
      encodeFrame('end', 1),
      encodeFrame('open', 2, openPayload(8080)),
      encodeFrame('reset', 3),
    ]);
    for (const size of [1, 2, 8, 9, 10, bytes.length]) {
      const decoder = new FrameDecoder();
      const frames: Frame[] = [];
      for (let offset = 0; offset < bytes.length; offset += size) frames.push(...decoder.push(bytes.subarray(offset, offset + size)));
      expect(frames.map((frame) => [frame.type, frame.id, frame.payload.toString('hex')])).toEqual([
        ['open', 1, ''],
        ['data', 1, Buffer.from('hello').toString('hex')],
        ['end', 1, ''],
        ['open', 2, '1f90'],
        ['reset', 3, ''],
      ]);
      expect(decoder.buffered).toBe(0);
    }
  });

  it('cuts data past the payload bound and refuses a frame that is not the tunnel’s', () => {
    const frames = dataFrames(4, Buffer.alloc(MAX_PAYLOAD_BYTES * 2 + 1, 7));
    expect(frames.map((frame) => frame.length - 9)).toEqual([MAX_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, 1]);
    expect(() => new FrameDecoder().push(Buffer.from([9, 0, 0, 0, 1, 0, 0, 0, 0]))).toThrow(/unknown type 9/);
    const huge = Buffer.alloc(9);
    huge.writeUInt8(2, 0);
    huge.writeUInt32BE(MAX_PAYLOAD_BYTES + 1, 5);
    expect(() => new FrameDecoder().push(huge)).toThrow(/past/);
  });
});

describe('TunnelMux', () => {
  it('hands a connection opened in the environment to the server, both ways, with half closes', async () => {
    let accepted: Duplex | undefined;
    const { written, tunnel } = harness((connection) => (accepted = connection));
    tunnel(encodeFrame('open', 1), ...dataFrames(1, Buffer.from('ping')), encodeFrame('end', 1));
    expect(accepted).toBeDefined();
    const connection = accepted as Duplex;
    // The environment's side is closed for writing, and lsim can still answer (a half close).
    expect(await read(connection)).toBe('ping');
    connection.end('pong');
    await tick();
    expect(written.map((frame) => [frame.type, frame.id, frame.payload.toString()])).toEqual([
      ['data', 1, 'pong'],
      ['end', 1, ''],
    ]);
    // Both ways closed: no reset follows.
    await tick();
    expect(connection.destroyed).toBe(true);
    expect(written).toHaveLength(2);
  });

  it('serves node:http on a tunnel connection, request after request (keep-alive)', async () => {
    const server = createServer((req, res) => res.end(`${req.method} ${req.url}`));
    const { written, tunnel } = harness((connection) => server.emit('connection', connection));
    const decoder = new FrameDecoder();
    tunnel(encodeFrame('open', 1), ...dataFrames(1, Buffer.from('GET /a HTTP/1.1\r\nHost: x\r\n\r\n')));
    await new Promise((resolve) => setTimeout(resolve, 20));
    tunnel(...dataFrames(1, Buffer.from('GET /b HTTP/1.1\r\nHost: x\r\n\r\n')));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const answer = written
      .filter((frame) => frame.type === 'data')
      .map((frame) => frame.payload.toString())
      .join('');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*GET \/a/);
    expect(answer).toMatch(/GET \/b$/);
    expect(decoder.buffered).toBe(0);
    server.close();
  });

  it('opens connections into the environment with even ids and the port; a refusal there is ECONNREFUSED', async () => {
    const { mux, written, tunnel } = harness();
    const first = mux.open(2772);
    const second = mux.open(4243);
    expect(written.map((frame) => [frame.type, frame.id, frame.payload.readUInt16BE(0)])).toEqual([
      ['open', 2, 2772],
      ['open', 4, 4243],
    ]);
    const refused = new Promise<NodeJS.ErrnoException>((resolve) => second.on('error', resolve));
    tunnel(encodeFrame('reset', 4));
    expect((await refused).code).toBe('ECONNREFUSED');
    // A reset after data is a reset, not a refusal.
    const reset = new Promise<NodeJS.ErrnoException>((resolve) => first.on('error', resolve));
    first.on('data', () => undefined);
    tunnel(...dataFrames(2, Buffer.from('partial')), encodeFrame('reset', 2));
    expect((await reset).code).toBe('ECONNRESET');
    await tick();
    expect(mux.size).toBe(0);
    // A reset frame is not echoed back for a connection the other end reset.
    expect(written.filter((frame) => frame.type === 'reset')).toEqual([]);
  });

  it('an HTTP request through an opened connection (telemetry delivery) reads the answer the environment sends', async () => {
    const { mux, written, tunnel } = harness();
    const answered = new Promise<number>((resolve, reject) => {
      const req = request({ createConnection: () => mux.open(8080) as never, method: 'POST', path: '/telemetry' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end('[]');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = written
      .filter((frame) => frame.type === 'data')
      .map((frame) => frame.payload.toString())
      .join('');
    expect(sent).toMatch(/^POST \/telemetry HTTP\/1\.1/);
    tunnel(...dataFrames(2, Buffer.from('HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')), encodeFrame('end', 2));
    expect(await answered).toBe(202);
  });

  it('lsim closing first sends END, then RESET only when the environment never closed its side', async () => {
    const accepted: Duplex[] = [];
    const { written, tunnel } = harness((connection) => accepted.push(connection));
    tunnel(encodeFrame('open', 1));
    const [connection] = accepted;
    connection?.end();
    await tick();
    expect(written.map((frame) => frame.type)).toEqual(['end']);
    connection?.destroy();
    await tick();
    expect(written.map((frame) => [frame.type, frame.id])).toEqual([
      ['end', 1],
      ['reset', 1],
    ]);
  });

  it('keeps many connections apart, interleaved, and closing the tunnel ends them all', async () => {
    const accepted = new Map<number, Duplex>();
    const texts = new Map<number, Promise<string>>();
    let next = 1;
    const { mux, tunnel } = harness((connection) => {
      const id = next;
      next += 2;
      accepted.set(id, connection);
      const text = read(connection);
      // The ones still open when the tunnel closes fail, as asserted below.
      text.catch(() => undefined);
      texts.set(id, text);
    });
    const ids = Array.from({ length: 100 }, (_, index) => index * 2 + 1);
    tunnel(...ids.map((id) => encodeFrame('open', id)));
    for (let round = 0; round < 3; round += 1) tunnel(...ids.flatMap((id) => dataFrames(id, Buffer.from(`${id}.${round};`))));
    tunnel(...ids.slice(0, 50).map((id) => encodeFrame('end', id)));
    for (const id of ids.slice(0, 50)) expect(await texts.get(id)).toBe(`${id}.0;${id}.1;${id}.2;`);
    const failures = ids.slice(50).map((id) => new Promise((resolve) => accepted.get(id)?.on('error', resolve)));
    mux.close(new Error('gone'));
    expect(await Promise.all(failures)).toHaveLength(50);
    expect(mux.size).toBe(0);
  });

  it('a corrupt stream ends every connection, and frames for unknown connections are ignored', async () => {
    const accepted: Duplex[] = [];
    const { mux, tunnel } = harness((connection) => accepted.push(connection));
    tunnel(...dataFrames(7, Buffer.from('nobody')), encodeFrame('end', 9));
    tunnel(encodeFrame('open', 1));
    const failed = new Promise((resolve) => accepted[0]?.on('error', resolve));
    mux.receive(Buffer.from([42, 0, 0, 0, 1, 0, 0, 0, 0]));
    expect(String(await failed)).toMatch(/unknown type 42/);
    expect(mux.size).toBe(0);
  });
});
