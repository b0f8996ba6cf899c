import type { RuntimeFamily } from '../../runtimes/runtime-catalogue.js';

const REQUIRE_CALL = /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * The modules a handler file imports at its top, by regular expression: good enough to name what
 * the handler needs, not a parser (imports built at run time are not seen). Relative imports are
 * the code's own files and are left out; the result is in first-seen order, without repeats.
 */
export function scanImports(family: RuntimeFamily, source: string): string[] {
  const names: string[] = [];
  const add = (name: string | undefined): void => {
    if (name !== undefined && name !== '' && !names.includes(name)) names.push(name);
  };
  const text = stripComments(family, source);
  if (family === 'nodejs') {
    const patterns = [
      REQUIRE_CALL,
      /\bimport\s+(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
      /\bexport\s+[\w*{}\s,$]+\s+from\s+['"]([^'"]+)['"]/g,
      /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    ];
    // Each pattern finds its own kind; sorting by position keeps the file's order.
    const found = patterns.flatMap((pattern) => [...text.matchAll(pattern)]).sort((a, b) => a.index - b.index);
    for (const match of found) {
      const spec = match[1] ?? '';
      if (!spec.startsWith('.') && !spec.startsWith('/')) add(nodePackageName(spec));
    }
  } else if (family === 'python') {
    for (const match of text.matchAll(/^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import|import[ \t]+([\w., \t]+))/gm)) {
      if (match[1] !== undefined) {
        if (!match[1].startsWith('.')) add(match[1].split('.')[0]);
        continue;
      }
      for (const part of (match[2] ?? '').split(',')) add(part.trim().split(/\s+/)[0]?.split('.')[0]);
    }
  } else if (family === 'ruby') {
    for (const match of text.matchAll(/^[ \t]*require[ \t(]+['"]([^'"]+)['"]/gm)) add(match[1]);
  }
  return names;
}

/** The packages a CommonJS file loads with `require('...')`, bare names only, in first-seen order. */
export function scanRequires(source: string): string[] {
  const names: string[] = [];
  for (const match of stripComments('nodejs', source).matchAll(REQUIRE_CALL)) {
    const spec = match[1] ?? '';
    const name = nodePackageName(spec);
    if (!spec.startsWith('.') && !spec.startsWith('/') && !names.includes(name)) names.push(name);
  }
  return names;
}

/** `lodash/fp` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`. */
export function nodePackageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

function stripComments(family: RuntimeFamily, source: string): string {
  if (family === 'nodejs') return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return source.replace(/^\s*#.*$/gm, '');
}
