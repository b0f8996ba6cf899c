import { writeFileSync } from 'node:fs';
import { inspectZip } from '../archive/inspect-zip.js';
import { MAX_UNZIPPED_BYTES, type ZipInspection } from '../archive/types.js';
import { invalidParameter, LsimError } from '../common/errors.js';
import { isFile } from '../common/path-probe.js';
import type { CodeSource } from './api-types.js';
import type { BlobStore } from './blob-store.js';
import { resolveS3Object, validateS3Location } from './s3-objects.js';
import { ValidationErrors } from './validation.js';

export interface IntakenZip {
  readonly inspection: ZipInspection;
  /** The blob store key (sha256 hex). */
  readonly blobKey: string;
  /** Moves the inspected copy to its content address; call inside the transaction that writes the row. */
  readonly commit: () => void;
}

/** What a function's or a layer version's row keeps of its zip: the blob and what inspecting it found. */
export interface StoredCode {
  readonly blobKey: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly unzippedSize: number;
  readonly entries: ZipInspection['entries'];
}

export function storedCode(zip: IntakenZip): StoredCode {
  const { codeSha256, codeSize, unzippedSize, entries } = zip.inspection;
  return { blobKey: zip.blobKey, codeSha256, codeSize, unzippedSize, entries };
}

/**
 * Brings a zip into the blob store: one read of the source copies it to a temp file, hashes and
 * inspects it (walk-zip.ts, docs/publish-serve-speed.md), then hands it to `use`, which
 * commits the blob and writes its row in one transaction. A crash leaves at worst an unreferenced
 * temp file or blob for the garbage collector, never a row without its blob. `member` names the
 * request member that carries the source (`content` of PublishLayerVersion, `code` of CreateFunction,
 * none for UpdateFunctionCode), as Lambda's validation messages name it.
 */
export async function intakeZip<T>(
  store: BlobStore,
  home: string,
  source: CodeSource,
  member: 'content' | 'code' | '',
  use: (zip: IntakenZip) => T,
): Promise<T> {
  const errors = new ValidationErrors();
  validateS3Location(member, source.S3Bucket, source.S3Key, errors);
  errors.throwIfAny();
  const temp = store.tempPath();
  try {
    const from = sourcePath(home, source, temp);
    const inspection = await inspectZip(from, { maxUnzippedBytes: MAX_UNZIPPED_BYTES, ...(from === temp ? {} : { copyTo: temp }) });
    const blobKey = inspection.sha256Hex;
    return use({ inspection, blobKey, commit: () => store.commit(temp, blobKey) });
  } finally {
    store.remove(temp); // no-op after a commit (the temp was renamed or dropped)
  }
}

/** The file to read the zip from: the caller's own, or `target` once an in-memory zip is written there. */
function sourcePath(home: string, source: CodeSource, target: string): string {
  const given = [source.ZipFile, source.ZipFilePath, source.S3Bucket ?? source.S3Key].filter((v) => v !== undefined);
  // Wording unconfirmed: the text Lambda returns when Code/Content names no source at all.
  if (given.length === 0) throw invalidParameter('Please provide a source for function code.');
  // Wording unconfirmed: Lambda rejects mixing ZipFile with S3 members; exact text not recorded.
  if (given.length > 1) throw invalidParameter('Please do not provide other FunctionCode properties when providing a ZipFile.');
  if (source.ZipFile !== undefined) {
    writeFileSync(target, source.ZipFile);
    return target;
  }
  if (source.ZipFilePath !== undefined) {
    if (!isFile(source.ZipFilePath)) {
      throw new LsimError('ParamValidation', `Unable to load zip file ${source.ZipFilePath}: no such file`);
    }
    return source.ZipFilePath;
  }
  return resolveS3Object(home, source.S3Bucket ?? '', source.S3Key ?? '');
}
