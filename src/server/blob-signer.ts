import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long a `Content.Location` / `Code.Location` URL works, as Lambda's presigned URLs (docs/lambda-facts.md#presigned-url-lifetime). */
export const LOCATION_VALIDITY_SECONDS = 600;
const SECRET_FILE = 'server-secret';

/**
 * Signs blob download URLs with an HMAC key kept in `<home>/server-secret` (0600), so a URL can
 * be neither forged nor used after it expires, and every server on the same home accepts it.
 */
export class BlobSigner {
  private constructor(private readonly secret: Buffer) {}

  static forHome(home: string): BlobSigner {
    return new BlobSigner(loadOrCreateSecret(home));
  }

  static withSecret(secret: Buffer): BlobSigner {
    return new BlobSigner(secret);
  }

  /** `<baseUrl>/lsim/blobs/<key>?expires=<epoch s>&signature=<hex>`. */
  url(baseUrl: string, blobKey: string, nowMs = Date.now()): string {
    const expires = Math.floor(nowMs / 1000) + LOCATION_VALIDITY_SECONDS;
    return `${baseUrl}/lsim/blobs/${blobKey}?expires=${expires}&signature=${this.signature(blobKey, expires)}`;
  }

  verify(blobKey: string, expires: string | null, signature: string | null, nowMs = Date.now()): boolean {
    if (expires === null || signature === null || !/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(signature)) return false;
    if (Number(expires) < nowMs / 1000) return false;
    const expected = Buffer.from(this.signature(blobKey, Number(expires)), 'hex');
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  }

  private signature(blobKey: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${blobKey}\n${expires}`).digest('hex');
  }
}

/** Created once per home; linking a finished file into place makes two first servers agree. */
function loadOrCreateSecret(home: string): Buffer {
  const path = join(home, SECRET_FILE);
  try {
    return readFileSync(path);
  } catch {
    mkdirSync(home, { recursive: true });
    const temp = join(home, `${SECRET_FILE}.${randomUUID()}`);
    writeFileSync(temp, randomBytes(32), { mode: 0o600 });
    try {
      linkSync(temp, path);
    } catch {
      // Another process linked its secret first: use that one.
    } finally {
      rmSync(temp, { force: true });
    }
    return readFileSync(path);
  }
}
