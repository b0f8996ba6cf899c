import { once } from 'node:events';
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { LsimError } from '../common/errors.js';
import { ZipFileDiverter } from './zip-file-diverter.js';

/** Lambda's request-size limits for one operation (docs/lambda-facts.md#request-size-limits). */
export interface BodyLimits {
  readonly operation: string;
  readonly maxRequestBytes: number;
  /** CreateFunction's "Zipped size" check, made before the request-size check. */
  readonly maxZipBytes?: number;
}

export interface JsonBody {
  readonly value: Record<string, unknown>;
  /** The decoded `ZipFile`, written to `path`; `at` is the member path of the object that held it. */
  readonly zip?: { readonly path: string; readonly at: readonly string[] };
}

/** Past this we stop reading: the request fails anyway, and a hostile client gets no free disk. */
const slack = (limit: number): number => limit * 2 + 1024 * 1024;

export const requestTooLarge = (limits: BodyLimits): LsimError =>
  new LsimError(
    'RequestEntityTooLargeException',
    `Request must be smaller than ${limits.maxRequestBytes} bytes for the ${limits.operation} operation`,
  );

/**
 * Reads a JSON request, streaming a `ZipFile` member straight to `zipPath` as decoded bytes.
 * The caller removes `zip.path` when done; on failure it is already gone.
 */
export async function readJsonBody(
  req: IncomingMessage,
  limits: BodyLimits,
  zipPath: () => string,
  onChunk?: (chunk: Buffer) => void,
): Promise<JsonBody> {
  const cap = slack(limits.maxRequestBytes);
  if (Number(req.headers['content-length'] ?? 0) > cap) throw requestTooLarge(limits);
  const diverter = new ZipFileDiverter();
  const kept: Buffer[] = [];
  let total = 0;
  let keptBytes = 0;
  let zipBytes = 0;
  let file: { path: string; stream: WriteStream } | undefined;
  const zipLimit = limits.maxZipBytes ?? limits.maxRequestBytes;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) break;
      onChunk?.(chunk);
      const out = diverter.push(chunk);
      for (const part of out.kept) {
        keptBytes += part.length;
        if (keptBytes <= limits.maxRequestBytes) kept.push(part);
      }
      for (const part of out.decoded) {
        zipBytes += part.length;
        if (part.length === 0 || zipBytes > zipLimit) continue;
        file ??= open(zipPath());
        if (!file.stream.write(part)) await once(file.stream, 'drain');
      }
    }
    const tail = diverter.end();
    zipBytes += tail.length;
    if (file !== undefined) {
      if (tail.length > 0 && zipBytes <= zipLimit) file.stream.write(tail);
      await new Promise<void>((resolve, reject) => file?.stream.end(() => resolve()).once('error', reject));
    }
    if (limits.maxZipBytes !== undefined && zipBytes > limits.maxZipBytes) {
      throw new LsimError('RequestEntityTooLargeException', `Zipped size must be smaller than ${limits.maxZipBytes} bytes`);
    }
    if (total > limits.maxRequestBytes) throw requestTooLarge(limits);
    if (diverter.extraZip) throw badJson('only one ZipFile member is allowed');
    const value = parseObject(Buffer.concat(kept).toString('utf8'));
    if (diverter.zipAt === undefined) return { value };
    // An empty ZipFile string decodes to nothing: still a (zero-byte, invalid) zip for the registry.
    file ??= open(zipPath());
    if (!file.stream.closed) await new Promise<void>((resolve) => file?.stream.end(() => resolve()));
    return { value, zip: { path: file.path, at: diverter.zipAt } };
  } catch (error) {
    if (file !== undefined) {
      file.stream.destroy();
      rmSync(file.path, { force: true });
    }
    throw error;
  }
}

/**
 * A raw body (Invoke's payload) up to `limits.maxRequestBytes`, in memory; `onChunk` sees it as it comes.
 * Read with 'data' events rather than an async iterator: this is on every warm invoke's path, and the
 * iterator's promise per chunk was a sixth of the invoke handler's CPU under the profiler
 * (docs/publish-serve-speed.md). As the iterator did, a failure destroys the request.
 */
export function readRawBody(req: IncomingMessage, limits: BodyLimits, onChunk?: (chunk: Buffer) => void): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limits.maxRequestBytes) return Promise.reject(requestTooLarge(limits));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const fail = (error: unknown): void => {
      settle();
      req.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > limits.maxRequestBytes) return fail(requestTooLarge(limits));
      try {
        onChunk?.(chunk);
      } catch (error) {
        return fail(error);
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      settle();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error): void => fail(error);
    const onClose = (): void => fail(new Error('The request closed before its body ended.'));
    req.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}

function open(path: string): { path: string; stream: WriteStream } {
  return { path, stream: createWriteStream(path, { mode: 0o600 }) };
}

/** Wording unconfirmed beyond its prefix, which Lambda uses for unparseable Invoke payloads too. */
function badJson(detail: string): LsimError {
  return new LsimError('InvalidRequestContentException', `Could not parse request body into json: ${detail}`);
}

function parseObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badJson(error instanceof Error ? error.message : String(error));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badJson('the body is not a JSON object');
  return value as Record<string, unknown>;
}
