import { Duplex, type Writable } from 'node:stream';
import { dataFrames, encodeFrame, FrameDecoder, openPayload, type Frame } from './frames.js';

/**
 * lsim's end of the engine tunnel (docs/remote-engines.md#runtime-api): the frames the link container
 * writes become connections (each a Duplex, handed to `onConnection`), and `open` makes a connection into the
 * environment's network namespace. Nothing here listens on this machine: every byte travels on the one
 * attach stream lsim opened through the engine API.
 */
export class TunnelMux {
  private readonly decoder = new FrameDecoder();
  private readonly connections = new Map<number, TunnelConnection>();
  /** Even ids: the tunnel's are odd (frames.ts). */
  private nextId = 2;
  private closed = false;

  constructor(
    private readonly sink: Writable,
    private readonly onConnection: (connection: Duplex) => void,
  ) {}

  /** Bytes of the link container's stdout, as they come. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      this.close(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const frame of frames) this.dispatch(frame);
  }

  /** A connection to 127.0.0.1:`port` inside the environment; refused there, it fails with ECONNREFUSED. */
  open(port: number): Duplex {
    const id = this.nextId;
    this.nextId += 2;
    const connection = new TunnelConnection(this, id, true);
    if (this.closed) {
      process.nextTick(() => connection.destroy(tunnelError('ECONNREFUSED', 'the tunnel is closed')));
      return connection;
    }
    this.connections.set(id, connection);
    void this.send([encodeFrame('open', id, openPayload(port))]);
    return connection;
  }

  /** Ends every connection (the link container stopped, or the environment is going). Idempotent. */
  close(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.connections.values()) connection.destroy(error);
    this.connections.clear();
  }

  get size(): number {
    return this.connections.size;
  }

  /** Writes frames; resolves when the sink takes more (its own backpressure). */
  send(frames: readonly Buffer[]): Promise<void> {
    if (this.closed || this.sink.destroyed || this.sink.writableEnded) return Promise.resolve();
    let ready = true;
    for (const frame of frames) ready = this.sink.write(frame);
    return ready ? Promise.resolve() : new Promise((resolve) => this.sink.once('drain', resolve));
  }

  forget(id: number): void {
    this.connections.delete(id);
  }

  private dispatch(frame: Frame): void {
    if (frame.type === 'open') {
      if (frame.id % 2 === 0 || this.connections.has(frame.id)) return;
      const connection = new TunnelConnection(this, frame.id, false);
      this.connections.set(frame.id, connection);
      this.onConnection(connection);
      return;
    }
    const connection = this.connections.get(frame.id);
    if (connection === undefined) return;
    if (frame.type === 'data') connection.arrived(frame.payload);
    else if (frame.type === 'end') connection.remoteEnded();
    else connection.reset();
  }
}

/**
 * One connection of the tunnel. Half closes travel as END frames, so an HTTP client that shuts its side
 * after the request still gets its answer. node:http calls a socket's setTimeout, setNoDelay and
 * setKeepAlive: the first is real (the keep-alive timeout counts idle time), the others mean nothing here.
 */
class TunnelConnection extends Duplex {
  private gotEnd = false;
  private sentEnd = false;
  private gotData = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;

  constructor(
    private readonly mux: TunnelMux,
    readonly id: number,
    private readonly ours: boolean,
  ) {
    super({ allowHalfOpen: true });
  }

  arrived(data: Buffer): void {
    this.gotData = true;
    this.touch();
    this.push(data);
  }

  remoteEnded(): void {
    this.gotEnd = true;
    this.push(null);
  }

  reset(): void {
    this.gotEnd = true;
    this.sentEnd = true;
    const refused = this.ours && !this.gotData;
    this.destroy(
      refused ? tunnelError('ECONNREFUSED', 'connection refused in the environment') : tunnelError('ECONNRESET', 'connection reset'),
    );
  }

  override _read(): void {
    // Data is pushed as frames arrive.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.touch();
    this.mux.send(dataFrames(this.id, chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sentEnd = true;
    this.mux.send([encodeFrame('end', this.id)]).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    // Both ways closed: the other end has forgotten it already; otherwise it is told.
    if (!(this.gotEnd && this.sentEnd)) void this.mux.send([encodeFrame('reset', this.id)]);
    this.mux.forget(this.id);
    callback(error);
  }

  setTimeout(ms: number, onTimeout?: () => void): this {
    if (onTimeout !== undefined) this.once('timeout', onTimeout);
    this.idleMs = ms;
    this.touch();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  private touch(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.idleMs > 0 && !this.destroyed) this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs).unref();
  }
}

function tunnelError(code: string, message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${message} (engine tunnel)`);
  error.code = code;
  return error;
}
