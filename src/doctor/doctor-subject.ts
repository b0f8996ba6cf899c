/**
 * What the doctor looks at: a function as Lambda would assemble it (runtime, handler, environment,
 * code at /var/task, layers merged at /opt), described by listings so the same checks serve zips,
 * folders and registered functions alike. Nothing here runs a container.
 */
import type { Architecture } from '../runtimes/architecture.js';
import type { RuntimeId } from '../runtimes/runtime-catalogue.js';

export type DoctorArchitecture = Architecture;

/** One path of a tree, relative to its root (posix, no leading slash). */
export interface TreeEntry {
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink';
  /** Permission bits (0o777 part) as they will be in the sandbox. */
  readonly mode: number;
  /** Bytes for files; the target's length for symlinks; 0 for folders. */
  readonly size: number;
  readonly linkTarget?: string;
}

/** A code package or a layer: its listing, and a way to read bytes of its files (ELF headers). */
export interface TreeSource {
  /** How findings name it: the layer version ARN, or the path given on the command line. */
  readonly label: string;
  readonly entries: readonly TreeEntry[];
  /** Up to `length` bytes at `offset` of a file of this tree; shorter at the end of the file. */
  read(path: string, offset: number, length: number): Promise<Buffer>;
  /** Sum of the file sizes, as Lambda counts the unzipped size. */
  readonly unzippedSize: number;
  /** Layer metadata when the source is a registered layer version. */
  readonly layerVersionArn?: string | undefined;
  readonly compatibleRuntimes?: readonly string[] | undefined;
  readonly compatibleArchitectures?: readonly string[] | undefined;
}

export interface DoctorSubject {
  readonly runtime: RuntimeId;
  readonly architecture: DoctorArchitecture;
  readonly handler?: string | undefined;
  /** The function's own Environment.Variables. */
  readonly userEnv: Readonly<Record<string, string>>;
  /** Absent when a layer author checks layers on their own. */
  readonly code?: TreeSource | undefined;
  /** In the function's Layers order: the later one wins on a path. */
  readonly layers: readonly TreeSource[];
  /** `--imports`: check these instead of the handler file's own imports. */
  readonly imports?: readonly string[] | undefined;
}
