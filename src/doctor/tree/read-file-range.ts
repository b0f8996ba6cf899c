import { open } from 'node:fs/promises';

/** Up to `length` bytes of a file from `offset` (fewer at its end): ELF headers and sections. */
export async function readFileRange(path: string, offset: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
