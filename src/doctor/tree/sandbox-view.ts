import { posix } from 'node:path';
import type { DoctorSubject, TreeEntry, TreeSource } from '../doctor-subject.js';

export const OPT = '/opt';
export const TASK = '/var/task';

/** One path as the sandbox will have it, with the tree that supplies it and those it hides. */
export interface SandboxNode {
  /** Absolute sandbox path: /opt/... or /var/task/... */
  readonly path: string;
  readonly entry: TreeEntry;
  readonly source: TreeSource;
  /** Earlier layers' entries at the same path that this one replaces (files and links only). */
  readonly shadowed: readonly { readonly source: TreeSource; readonly entry: TreeEntry }[];
  /** Every tree that has this path, in Layers order (folders merge, so several supply one folder). */
  readonly suppliers: readonly TreeSource[];
}

interface MutableNode {
  path: string;
  entry: TreeEntry;
  source: TreeSource;
  shadowed: { source: TreeSource; entry: TreeEntry }[];
  suppliers: TreeSource[];
}

/**
 * /var/task and /opt as the function will see them: the code tree, and the layers merged in
 * order, folders merged and, for the same file, the layer applied last winning (docs/lambda-facts.md#layer-semantics).
 * Paths outside these two roots (the runtime's own files) are unknown to the view.
 */
export class SandboxView {
  private readonly nodes = new Map<string, MutableNode>();
  private readonly childNames = new Map<string, Set<string>>();

  constructor(subject: Pick<DoctorSubject, 'code' | 'layers'>) {
    if (subject.code !== undefined) this.add(TASK, subject.code);
    for (const layer of subject.layers) this.add(OPT, layer);
  }

  get(path: string): SandboxNode | undefined {
    return this.nodes.get(path);
  }

  isDirectory(path: string): boolean {
    if (path === OPT || path === TASK) return true;
    return this.nodes.get(path)?.entry.type === 'directory';
  }

  /** A file, or a link (the checks do not follow links; the runtime would). */
  isFile(path: string): boolean {
    const type = this.nodes.get(path)?.entry.type;
    return type === 'file' || type === 'symlink';
  }

  exists(path: string): boolean {
    return path === OPT || path === TASK || this.nodes.has(path);
  }

  /** Names directly inside a folder, sorted. */
  children(path: string): string[] {
    return [...(this.childNames.get(path) ?? [])].sort();
  }

  /** Every node, sorted by path. */
  all(): SandboxNode[] {
    return [...this.nodes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  under(root: string): SandboxNode[] {
    return this.all().filter((node) => node.path.startsWith(`${root}/`));
  }

  private add(root: string, source: TreeSource): void {
    for (const entry of source.entries) {
      const path = `${root}/${entry.path}`;
      const existing = this.nodes.get(path);
      if (existing === undefined) {
        this.nodes.set(path, { path, entry, source, shadowed: [], suppliers: [source] });
        const parent = posix.dirname(path);
        let names = this.childNames.get(parent);
        if (names === undefined) this.childNames.set(parent, (names = new Set()));
        names.add(posix.basename(path));
        continue;
      }
      existing.suppliers.push(source);
      if (existing.entry.type === 'directory' && entry.type === 'directory') continue;
      existing.shadowed.push({ source: existing.source, entry: existing.entry });
      existing.entry = entry;
      existing.source = source;
    }
  }
}
