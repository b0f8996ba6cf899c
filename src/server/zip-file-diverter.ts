/**
 * Splits a JSON request body, as it streams in, into the JSON without its `ZipFile` string (kept
 * in memory, small) and that string's base64-decoded bytes (for a file): a 70 MB upload is never
 * held whole, let alone twice. The `ZipFile` value is replaced by `null` in the kept JSON, and
 * `zipAt` records the member path of the object that held it (`["Content"]`, `["Code"]`, `[]`).
 * Only structural characters are interpreted, so bytewise scanning is safe for UTF-8 text.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_KEY_BYTES = 256;
const NULL_TEXT = Buffer.from('null');

interface Frame {
  readonly kind: 'object' | 'array';
  expectKey: boolean;
  key: string;
}

export interface DivertedChunk {
  readonly kept: Buffer[];
  readonly decoded: Buffer[];
}

export class ZipFileDiverter {
  private readonly stack: Frame[] = [];
  private inString = false;
  private escaped = false;
  private role: 'key' | 'value' | 'zip' = 'value';
  private keyBytes: number[] = [];
  private base64 = '';
  /** Where the first ZipFile string was, once one was seen. */
  zipAt: readonly string[] | undefined;
  /** A second ZipFile string: Lambda's shapes have room for one. */
  extraZip = false;

  push(chunk: Buffer): DivertedChunk {
    const kept: Buffer[] = [];
    const decoded: Buffer[] = [];
    let keptFrom = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.inString && this.role === 'zip') {
        i = this.divert(chunk, i, decoded);
        if (!this.inString) keptFrom = i;
        continue;
      }
      const byte = chunk[i] ?? 0;
      if (this.inString) this.stringByte(byte);
      else if (byte === QUOTE && this.startString()) {
        kept.push(chunk.subarray(keptFrom, i), NULL_TEXT);
      } else this.structural(byte);
      i += 1;
    }
    if (!(this.inString && this.role === 'zip') && keptFrom < chunk.length) kept.push(chunk.subarray(keptFrom));
    return { kept, decoded };
  }

  /** The decoded tail; call once the body has ended. */
  end(): Buffer {
    const rest = Buffer.from(this.base64, 'base64');
    this.base64 = '';
    return rest;
  }

  /** Consumes zip characters from `i`; returns where the kept JSON resumes. */
  private divert(chunk: Buffer, start: number, decoded: Buffer[]): number {
    let i = start;
    if (this.escaped) {
      // `\/` is the only escape a base64 string can carry; keep the escaped character.
      this.base64 += String.fromCharCode(chunk[i] ?? 0);
      this.escaped = false;
      i += 1;
    }
    const quote = chunk.indexOf(QUOTE, i);
    const backslash = chunk.indexOf(BACKSLASH, i);
    const stops = [quote, backslash].filter((at) => at >= 0);
    const stop = stops.length === 0 ? chunk.length : Math.min(...stops);
    this.base64 += chunk.toString('latin1', i, stop);
    const whole = this.base64.length - (this.base64.length % 4);
    if (whole > 0) {
      decoded.push(Buffer.from(this.base64.slice(0, whole), 'base64'));
      this.base64 = this.base64.slice(whole);
    }
    if (stop === chunk.length) return stop;
    if (stop === backslash) {
      this.escaped = true;
      return stop + 1;
    }
    decoded.push(this.end());
    this.inString = false;
    return stop + 1;
  }

  private stringByte(byte: number): void {
    if (this.role === 'key' && this.keyBytes.length < MAX_KEY_BYTES) this.keyBytes.push(byte);
    if (this.escaped) {
      this.escaped = false;
    } else if (byte === BACKSLASH) {
      this.escaped = true;
    } else if (byte === QUOTE) {
      this.inString = false;
      if (this.role === 'key') {
        const top = this.stack.at(-1);
        if (top !== undefined) top.key = Buffer.from(this.keyBytes.slice(0, -1)).toString('utf8');
      }
    }
  }

  /** An opening quote outside any string. Returns true when this string is the ZipFile to divert. */
  private startString(): boolean {
    const top = this.stack.at(-1);
    this.inString = true;
    this.escaped = false;
    if (top?.kind === 'object' && top.expectKey) {
      this.role = 'key';
      this.keyBytes = [];
      return false;
    }
    if (top?.kind === 'object' && top.key === 'ZipFile') {
      if (this.zipAt !== undefined) {
        this.extraZip = true;
        this.role = 'value';
        return false;
      }
      this.role = 'zip';
      this.zipAt = this.stack.slice(0, -1).map((frame) => frame.key);
      return true;
    }
    this.role = 'value';
    return false;
  }

  private structural(byte: number): void {
    const top = this.stack.at(-1);
    switch (String.fromCharCode(byte)) {
      case '{':
        this.stack.push({ kind: 'object', expectKey: true, key: '' });
        break;
      case '[':
        this.stack.push({ kind: 'array', expectKey: false, key: '' });
        break;
      case '}':
      case ']':
        this.stack.pop();
        break;
      case ':':
        if (top !== undefined) top.expectKey = false;
        break;
      case ',':
        if (top?.kind === 'object') top.expectKey = true;
        break;
    }
  }
}
