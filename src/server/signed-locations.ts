import { blobKeyOfLocation } from '../registry/content-location.js';
import type { BlobSigner } from './blob-signer.js';

/**
 * Replaces the registry's placeholder `Content.Location` (layer versions) and `Code.Location`
 * (GetFunction) with a signed download URL on this server. Other members are left as they are.
 */
export function signLocations(response: unknown, baseUrl: string, signer: BlobSigner): unknown {
  if (typeof response !== 'object' || response === null) return response;
  const record = response as Record<string, unknown>;
  let changed: Record<string, unknown> | undefined;
  for (const member of ['Content', 'Code']) {
    const inner = record[member];
    if (typeof inner !== 'object' || inner === null) continue;
    const location = (inner as { Location?: unknown }).Location;
    const key = typeof location === 'string' ? blobKeyOfLocation(location) : undefined;
    if (key === undefined) continue;
    changed ??= { ...record };
    changed[member] = { ...(inner as Record<string, unknown>), Location: signer.url(baseUrl, key) };
  }
  return changed ?? response;
}
