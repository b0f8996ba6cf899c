import type { LayerVersionResponse } from './api-types.js';
import { BlobStore } from './blob-store.js';
import type { LambdaApi } from './lambda-api.js';
import { LAYER_VERSION_ARN_PATTERN, matchesWhole } from './patterns.js';

/** The blob-store key (hex) of a zip, from Lambda's CodeSha256 (base64 of the same digest). */
export const codeSha256Hex = (codeSha256: string): string => Buffer.from(codeSha256, 'base64').toString('hex');

/** Whether an ad-hoc `--layer` value names a registered layer version rather than a zip or folder. */
export const isLayerVersionArn = (value: string): boolean => matchesWhole(LAYER_VERSION_ARN_PATTERN, value);

export interface StoredLayerVersion {
  readonly version: LayerVersionResponse;
  readonly sha256Hex: string;
  /** The zip in the blob store. */
  readonly zipPath: string;
}

/**
 * A layer version named by ARN, with where its zip is stored: for the ad-hoc forms of `lsim invoke`
 * and `lsim doctor`. GetLayerVersionByArn's checks apply (missing, deleted, not shared with the caller).
 */
export function storedLayerVersion(api: LambdaApi, home: string, arn: string): StoredLayerVersion {
  const version = api.getLayerVersionByArn({ Arn: arn });
  const sha256Hex = codeSha256Hex(version.Content.CodeSha256);
  return { version, sha256Hex, zipPath: new BlobStore(home).pathOf(sha256Hex) };
}
