import type { SandboxView } from './sandbox-view.js';

export interface ProvenanceEntry {
  /** A top-level /opt path. */
  readonly path: string;
  /** Every layer that has it, in Layers order. */
  readonly layers: readonly string[];
  /** The layer whose copy the function sees: the last one for a file; folders merge. */
  readonly winner: string;
}

/** Which layer supplies each top-level path of /opt. */
export function optProvenance(view: SandboxView): ProvenanceEntry[] {
  return view.children('/opt').flatMap((name) => {
    const node = view.get(`/opt/${name}`);
    if (node === undefined) return [];
    return [{ path: node.path, layers: node.suppliers.map((s) => s.label), winner: node.source.label }];
  });
}
