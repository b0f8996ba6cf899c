import type { SandboxView } from './sandbox-view.js';

/**
 * `lsim doctor --tree`: the merged /opt, one line per path, with the layer each file comes from
 * and the layers it hides. Folders name every layer that contributes to them.
 */
export function optTree(view: SandboxView): string {
  const lines = ['/opt'];
  for (const node of view.under('/opt')) {
    const depth = node.path.split('/').length - 3;
    const name = node.path.slice(node.path.lastIndexOf('/') + 1);
    const indent = '  '.repeat(depth + 1);
    if (node.entry.type === 'directory') {
      lines.push(`${indent}${name}/  [${[...new Set(node.suppliers.map((s) => s.label))].join(', ')}]`);
      continue;
    }
    const link = node.entry.type === 'symlink' ? ` -> ${node.entry.linkTarget ?? ''}` : '';
    const hides = node.shadowed.length > 0 ? ` (shadows ${node.shadowed.map((s) => s.source.label).join(', ')})` : '';
    lines.push(`${indent}${name}${link}  <- ${node.source.label}${hides}`);
  }
  return `${lines.join('\n')}\n`;
}
