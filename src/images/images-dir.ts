import { fileURLToPath } from 'node:url';

/**
 * The package's images/ folder. This file sits two levels below the package root both as
 * src/images/images-dir.ts and as dist/images/images-dir.js, and images/ ships in the package files.
 */
export function defaultImagesDir(): string {
  return fileURLToPath(new URL('../../images', import.meta.url));
}
