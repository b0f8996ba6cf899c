/** What one read of a zip tells lsim: enough to store it, check limits, and explain it later. */
export interface ZipEntryInfo {
  /** Path inside the archive, without a trailing slash for directories. */
  readonly name: string;
  readonly type: 'file' | 'directory' | 'symlink';
  /** Unix permission bits (0o7777 part); defaults (0o644 files, 0o755 dirs) when the zip has none. */
  readonly mode: number;
  /** Real inflated size in bytes (symlinks: length of the target). */
  readonly size: number;
  /** Symlink target as stored in the archive. */
  readonly linkTarget?: string;
}

export interface ZipInspection {
  /** Lambda's CodeSha256: base64 of the raw SHA-256 digest of the zip bytes. */
  readonly codeSha256: string;
  /** The same digest as lowercase hex: the blob store key. */
  readonly sha256Hex: string;
  /** Zip size in bytes (Lambda's CodeSize). */
  readonly codeSize: number;
  /** Sum of the real inflated sizes, counted while inflating (never trusted from headers). */
  readonly unzippedSize: number;
  readonly entries: readonly ZipEntryInfo[];
}

export interface InspectOptions {
  /** Stop inflating and fail as soon as the running total passes this many bytes. */
  readonly maxUnzippedBytes?: number;
  /** A file to write a copy of the zip's bytes into, in the same read (created or truncated). */
  readonly copyTo?: string;
}

/** Lambda's limit for function code plus all layers, unzipped. */
export const MAX_UNZIPPED_BYTES = 262_144_000;
