import { randomBytes } from 'node:crypto';

/** X-Ray's `Root=1-<8 hex time>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
export function traceHeader(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${time}-${randomHex(12)};Parent=${randomHex(8)};Sampled=0`;
}

/** Random bytes as hex, from a pooled buffer: a warm invoke should not pay a CSPRNG call per id. */
let randomPool = Buffer.alloc(0);
let randomOffset = 0;
function randomHex(bytes: number): string {
  if (randomOffset + bytes > randomPool.length) {
    randomPool = randomBytes(4096);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return randomPool.toString('hex', randomOffset - bytes, randomOffset);
}
