import type { TreeEntry, TreeSource } from '../doctor-subject.js';
import { listed, type Finding } from '../finding.js';
import type { Check } from './check-context.js';

/** Bigger files of equal size are assumed to differ rather than read twice. */
const MAX_COMPARED_BYTES = 1024 * 1024;

interface Pair {
  readonly winner: TreeSource;
  readonly loser: TreeSource;
  readonly differing: string[];
  readonly identical: string[];
}

/**
 * Path bug 13: the later layer silently overwrites the same path. Reports each pair of layers
 * once, as a warning when the hidden files differ and as info when they are byte-identical.
 */
export const provenanceCheck: Check = async ({ view }) => {
  const pairs = new Map<string, Pair>();
  for (const node of view.under('/opt')) {
    for (const hidden of node.shadowed) {
      const key = `${hidden.source.label}\0${node.source.label}`;
      let pair = pairs.get(key);
      if (pair === undefined) pairs.set(key, (pair = { winner: node.source, loser: hidden.source, differing: [], identical: [] }));
      const same = await sameContent(node.source, node.entry, hidden.source, hidden.entry);
      (same ? pair.identical : pair.differing).push(node.path);
    }
  }
  const findings: Finding[] = [];
  for (const { winner, loser, differing, identical } of pairs.values()) {
    if (differing.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'layer-file-shadowed',
        message:
          `Layer ${winner.label} (later in Layers) replaces ${differing.length} different file(s) of ${loser.label}: ` +
          `${listed(differing)}. The function sees only the later layer's copy.`,
        fix:
          "If the earlier layer's copy is the one you need, move that layer later in Layers; otherwise remove the " +
          'duplicate from one of the layers.',
        paths: differing,
      });
    }
    if (identical.length > 0) {
      findings.push({
        severity: 'info',
        code: 'layer-file-duplicated',
        message: `Layers ${loser.label} and ${winner.label} both supply ${identical.length} identical file(s): ${listed(identical)}.`,
        fix: 'Nothing breaks; remove the duplicates from one layer to save space.',
        paths: identical,
      });
    }
  }
  return findings;
};

async function sameContent(a: TreeSource, ea: TreeEntry, b: TreeSource, eb: TreeEntry): Promise<boolean> {
  if (ea.type !== eb.type || ea.size !== eb.size) return false;
  if (ea.type === 'symlink') return ea.linkTarget === eb.linkTarget;
  if (ea.type !== 'file' || ea.size > MAX_COMPARED_BYTES) return false;
  const [da, db] = await Promise.all([a.read(ea.path, 0, ea.size), b.read(eb.path, 0, eb.size)]);
  return da.equals(db);
}
