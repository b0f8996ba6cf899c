import { posix } from 'node:path';
import type { SandboxView } from '../tree/sandbox-view.js';

/** A package.json's fields that decide what `require()` loads, as far as the doctor reads them. */
interface Manifest {
  readonly type?: string | undefined;
  readonly main?: string | undefined;
  readonly exports?: unknown;
}

/** What `require('<package>')` reaches: a file (ES module or not), or nothing the package exports to require. */
export type RequireTarget =
  { readonly kind: 'file'; readonly path: string; readonly esm: boolean } | { readonly kind: 'not-exported'; readonly manifest: string };

const MAX_READ = 1024 * 1024;

/** The text of a file in the sandbox, or undefined when it is not a readable file there. */
export async function readText(view: SandboxView, path: string): Promise<string | undefined> {
  const node = view.get(path);
  if (node === undefined || node.entry.type !== 'file') return undefined;
  return (await node.source.read(node.entry.path, 0, Math.min(node.entry.size, MAX_READ))).toString('utf8');
}

async function readManifest(view: SandboxView, path: string): Promise<Manifest | undefined> {
  const text = await readText(view, path);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  const text_ = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { type: text_(fields.type), main: text_(fields.main), exports: fields.exports };
}

/**
 * Whether Node would treat a .js file as an ES module: the nearest package.json says
 * `"type": "module"`. The search stops at a node_modules folder and at the sandbox roots.
 */
export async function isTypeModule(view: SandboxView, file: string): Promise<boolean> {
  for (let dir = posix.dirname(file); dir !== '/' && !dir.endsWith('/node_modules'); dir = posix.dirname(dir)) {
    const manifest = await readManifest(view, `${dir}/package.json`);
    if (manifest !== undefined) return manifest.type === 'module';
    if (dir === '/opt' || dir === '/var/task') break;
  }
  return false;
}

export async function isEsmFile(view: SandboxView, file: string): Promise<boolean> {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs') || !file.endsWith('.js')) return false;
  return isTypeModule(view, file);
}

/**
 * The conditional export `require()` picks: the first key, in the object's own order, that is one of
 * Node's conditions for require (https://nodejs.org/api/packages.html#conditional-exports).
 */
function conditionalTarget(value: unknown, conditions: readonly string[]): string | null | undefined {
  if (typeof value === 'string') return value;
  if (value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const target = conditionalTarget(item, conditions);
      if (typeof target === 'string') return target;
    }
    return undefined;
  }
  if (typeof value !== 'object') return undefined;
  for (const [key, nested] of Object.entries(value as Record<string, unknown>)) {
    if (!conditions.includes(key)) continue;
    const target = conditionalTarget(nested, conditions);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The "." entry of `exports`: the whole value when it is a string, an array or conditions only. */
function mainExport(exports: unknown): unknown {
  if (typeof exports !== 'object' || exports === null || Array.isArray(exports)) return exports;
  const keys = Object.keys(exports);
  return keys.some((key) => key.startsWith('.')) ? (exports as Record<string, unknown>)['.'] : exports;
}

/** `main` as CommonJS resolves it: the file, with .js/.json/.node added, or its folder's index.js. */
function mainFile(view: SandboxView, packageDir: string, main: string | undefined): string | undefined {
  const base = posix.join(packageDir, main ?? 'index.js');
  const candidates = [base, `${base}.js`, `${base}.json`, `${base}.node`, `${base}/index.js`];
  return candidates.find((path) => view.isFile(path));
}

/**
 * What `require()` of a package folder loads. `requireEsm` adds the `module-sync` condition, which
 * Node matches only where require(esm) is on.
 */
export async function requireTarget(view: SandboxView, packageDir: string, requireEsm: boolean): Promise<RequireTarget | undefined> {
  const manifestPath = `${packageDir}/package.json`;
  const manifest = await readManifest(view, manifestPath);
  let file: string | undefined;
  if (manifest?.exports !== undefined) {
    const conditions = ['node-addons', 'node', 'require', ...(requireEsm ? ['module-sync'] : []), 'default'];
    const target = conditionalTarget(mainExport(manifest.exports), conditions);
    if (typeof target !== 'string') return { kind: 'not-exported', manifest: manifestPath };
    file = posix.join(packageDir, target);
    if (!view.isFile(file)) return undefined;
  } else {
    file = mainFile(view, packageDir, manifest?.main);
    if (file === undefined) return undefined;
  }
  return { kind: 'file', path: file, esm: await isEsmFile(view, file) };
}

/**
 * Top-level await at the start of a line, unindented: enough to spot the common forms
 * (`await x`, `const y = await x`, `for await`) without a parser; nested ones are not seen.
 */
export function hasTopLevelAwait(source: string): boolean {
  return /^(?:await\b|for\s+await\b|(?:export\s+)?(?:const|let|var)\s[^=;]*=\s*await\b)/m.test(source);
}
