/**
 * The engine tunnel's framing (docs/remote-engines.md#framing), the same on both ends: lsim writes frames
 * to the link container's stdin and reads them from its stdout (images/common/lsim-tunnel). A frame is a
 * 9-byte header (type, connection id, payload length; big-endian) and its payload.
 *
 * - OPEN: from the tunnel, a process of the environment connected to 127.0.0.1:9001 (no payload); from
 *   lsim, connect to 127.0.0.1:PORT of the environment (payload: the port, 2 bytes).
 * - DATA: bytes of the connection, in order.
 * - END: the sender will write no more on this connection (a half close, as a TCP FIN).
 * - RESET: the connection is gone (refused, failed or aborted); nothing more either way.
 *
 * The tunnel numbers the connections it opens with odd ids, lsim with even ones, so neither has to ask.
 */
export const FRAME_TYPES = { open: 1, data: 2, end: 3, reset: 4 } as const;
export type FrameType = keyof typeof FRAME_TYPES;
export const HEADER_BYTES = 9;
/** The most a DATA frame carries: a bound on what the other end buffers per frame. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export interface Frame {
  readonly type: FrameType;
  readonly id: number;
  readonly payload: Buffer;
}

const NAMES = new Map<number, FrameType>(Object.entries(FRAME_TYPES).map(([name, code]) => [code, name as FrameType]));

export function encodeFrame(type: FrameType, id: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(FRAME_TYPES[type], 0);
  header.writeUInt32BE(id, 1);
  header.writeUInt32BE(payload.length, 5);
  return Buffer.concat([header, payload]);
}

/** DATA frames for `data`, cut at MAX_PAYLOAD_BYTES. */
export function dataFrames(id: number, data: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += MAX_PAYLOAD_BYTES) {
    frames.push(encodeFrame('data', id, data.subarray(offset, offset + MAX_PAYLOAD_BYTES)));
  }
  return frames;
}

export const openPayload = (port: number): Buffer => {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(port, 0);
  return payload;
};

/**
 * Cuts a byte stream into frames, however the stream was chunked. A frame of an unknown type or a payload
 * past the bound means the stream is not the tunnel's (or is corrupt): `push` throws, and the caller ends it.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER_BYTES) {
      const code = this.pending.readUInt8(offset);
      const type = NAMES.get(code);
      const length = this.pending.readUInt32BE(offset + 5);
      if (type === undefined) throw new Error(`the tunnel sent a frame of unknown type ${code}`);
      if (length > MAX_PAYLOAD_BYTES) throw new Error(`the tunnel sent a frame of ${length} bytes, past ${MAX_PAYLOAD_BYTES}`);
      if (this.pending.length - offset < HEADER_BYTES + length) break;
      const id = this.pending.readUInt32BE(offset + 1);
      const start = offset + HEADER_BYTES;
      frames.push({ type, id, payload: Buffer.from(this.pending.subarray(start, start + length)) });
      offset = start + length;
    }
    this.pending = this.pending.subarray(offset);
    return frames;
  }

  /** Bytes of an unfinished frame. */
  get buffered(): number {
    return this.pending.length;
  }
}
