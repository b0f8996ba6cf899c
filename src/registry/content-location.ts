/**
 * Stand-in for the presigned S3 URL Lambda returns in `Content.Location` / `Code.Location`. It is
 * opaque to clients; `lsim serve` (a later issue) is meant to answer it with the blob's bytes. A
 * `file://` path is deliberately not used: it would leak the store layout into a public contract.
 */
export const CONTENT_BASE_URL = 'http://localhost:9001/lsim/blobs/';

export function contentLocation(blobKey: string): string {
  return `${CONTENT_BASE_URL}${blobKey}.zip`;
}
