import { copyFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { inspectZip } from '../archive/inspect-zip.js';
import { MAX_UNZIPPED_BYTES, type ZipInspection } from '../archive/types.js';
import { invalidParameter, LsimError } from '../common/errors.js';
import type { CodeSource } from './api-types.js';
import type { BlobStore } from './blob-store.js';

export interface IntakenZip {
  readonly inspection: ZipInspection;
  /** The blob store key (sha256 hex). */
  readonly blobKey: string;
  /** Moves the inspected copy to its content address; call inside the transaction that writes the row. */
  readonly commit: () => void;
}

/**
 * Brings a zip into the blob store: copy to a temp file, inspect it, then hand it to `use`, which
 * commits the blob and writes its row in one transaction. A crash leaves at worst an unreferenced
 * temp file or blob for the garbage collector, never a row without its blob.
 */
export async function intakeZip<T>(store: BlobStore, home: string, source: CodeSource, use: (zip: IntakenZip) => T): Promise<T> {
  const temp = store.tempPath();
  try {
    copySource(home, source, temp);
    const inspection = await inspectZip(temp, { maxUnzippedBytes: MAX_UNZIPPED_BYTES });
    const blobKey = inspection.sha256Hex;
    return use({ inspection, blobKey, commit: () => store.commit(temp, blobKey) });
  } finally {
    store.remove(temp); // no-op after a commit (the temp was renamed or dropped)
  }
}

function copySource(home: string, source: CodeSource, target: string): void {
  const given = [source.ZipFile, source.ZipFilePath, source.S3Bucket ?? source.S3Key].filter((v) => v !== undefined);
  // Wording unconfirmed: the text Lambda returns when Code/Content names no source at all.
  if (given.length === 0) throw invalidParameter('Please provide a source for function code.');
  // Wording unconfirmed: Lambda rejects mixing ZipFile with S3 members; exact text not recorded.
  if (given.length > 1) throw invalidParameter('Please do not provide other FunctionCode properties when providing a ZipFile.');
  if (source.ZipFile !== undefined) {
    writeFileSync(target, source.ZipFile);
  } else if (source.ZipFilePath !== undefined) {
    if (!isFile(source.ZipFilePath)) {
      throw new LsimError('ParamValidation', `Unable to load zip file ${source.ZipFilePath}: no such file`);
    }
    copyFileSync(source.ZipFilePath, target);
  } else {
    copyFileSync(resolveS3Object(home, source.S3Bucket ?? '', source.S3Key ?? ''), target);
  }
}

/**
 * lsim's stand-in for S3: `<home>/s3/<Bucket>/<Key>`. Missing objects get the text Lambda relays
 * from S3's GetObject (seen in CloudFormation and Terraform reports of real AWS).
 */
function resolveS3Object(home: string, bucket: string, key: string): string {
  const bucketDir = join(home, 's3', bucket);
  if (bucket === '' || bucket.includes('/') || !existsSync(bucketDir)) {
    throw invalidParameter(
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
    );
  }
  const path = resolve(bucketDir, key);
  const inside = !relative(bucketDir, path).startsWith('..');
  if (key === '' || !inside || !isFile(path)) {
    throw invalidParameter('Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.');
  }
  return path;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
