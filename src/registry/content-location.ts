/**
 * Stand-in for the presigned S3 URL Lambda returns in `Content.Location` / `Code.Location`. It is
 * opaque to clients; `lsim serve` recognises it with `blobKeyOfLocation` and replaces it with a
 * signed download URL on itself. A `file://` path is deliberately not used: it would leak the store
 * layout into a public contract.
 */
export const CONTENT_BASE_URL = 'http://localhost:9001/lsim/blobs/';

export function contentLocation(blobKey: string): string {
  return `${CONTENT_BASE_URL}${blobKey}.zip`;
}

const LOCATION = /^http:\/\/localhost:9001\/lsim\/blobs\/([0-9a-f]{64})\.zip$/;

/** The blob key (sha256 hex) a `contentLocation` URL names, or undefined for any other string. */
export function blobKeyOfLocation(location: string): string | undefined {
  return LOCATION.exec(location)?.[1];
}
