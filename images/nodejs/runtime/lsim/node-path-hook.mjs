// Module resolution hook, registered by /var/runtime/index.mjs: in-thread with module.registerHooks where Node
// has it (resolveSync), else with module.register (resolve). One resolution logic serves both: resolveSteps yields
// each call of Node's next resolver, and a synchronous or an asynchronous driver makes those calls.
// The managed nodejs18.x and later runtimes search the NODE_PATH folders when an ES-module import of a bare
// specifier is not found through the importer's node_modules chain; stock Node never consults NODE_PATH for
// `import`. This hook adds that fallback: on ERR_MODULE_NOT_FOUND for a bare specifier, each NODE_PATH folder
// F (in order) is tried for the package F/<name>; Node's own resolver then applies the package's
// "exports"/"main" rules. If no folder has it, the original error is rethrown unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const IMPORTER = 'lsim-node-path-importer.mjs';

function isBareSpecifier(specifier) {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) return false;
  if (specifier === '.' || specifier === '..' || specifier.startsWith('#')) return false;
  if (/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier)) return false; // node:, file:, data:, https: ...
  return true;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function nodePathFolders() {
  return (process.env.NODE_PATH ?? '').split(path.delimiter).filter((folder) => folder && path.isAbsolute(folder));
}

// Resolve `specifier` as if imported from a file whose first node_modules candidate is `folder`/<name>.
// For a folder named node_modules the importer sits in its parent; otherwise in a private view of the folder.
function* resolveFromFolder(folder, specifier, context, importerURL) {
  const name = packageName(specifier);
  if (!isDirectory(path.join(folder, name))) return undefined;
  if (path.basename(folder) === 'node_modules') {
    const importer = path.join(path.dirname(folder), IMPORTER);
    try {
      return yield [specifier, { ...context, parentURL: pathToFileURL(importer).href }];
    } catch (err) {
      // Name the real importer in the message, not the stand-in.
      if (importerURL?.startsWith('file:') && typeof err?.message === 'string') {
        const real = fileURLToPath(importerURL);
        err.message = err.message.split(importer).join(real);
        if (typeof err.stack === 'string') err.stack = err.stack.split(importer).join(real);
      }
      throw err;
    }
  }
  // A folder not named node_modules (e.g. /var/runtime, /var/task): resolve the package directory directly.
  const manifestPath = path.join(folder, name, 'package.json');
  const subpath = specifier.slice(name.length);
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    manifest = {};
  }
  const target = resolvePackageTarget(manifest, subpath === '' ? '.' : '.' + subpath, context.conditions);
  if (!target) return undefined;
  return yield [pathToFileURL(path.join(folder, name, target)).href, context];
}

// Minimal "exports"/"main" resolution for the rare package found directly in a non-node_modules folder.
function resolvePackageTarget(manifest, subpath, conditions = ['node', 'import']) {
  const pick = (value) => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) {
      for (const item of value) {
        const found = pick(item);
        if (found) return found;
      }
      return undefined;
    }
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'default' || conditions.includes(key)) {
          const found = pick(inner);
          if (found) return found;
        }
      }
    }
    return undefined;
  };
  const exportsField = manifest.exports;
  if (exportsField !== undefined && exportsField !== null) {
    const isSubpathMap =
      typeof exportsField === 'object' && !Array.isArray(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'));
    if (!isSubpathMap) return subpath === '.' ? pick(exportsField) : undefined;
    if (subpath in exportsField) return pick(exportsField[subpath]);
    for (const [key, value] of Object.entries(exportsField)) {
      const star = key.indexOf('*');
      if (star === -1) continue;
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
        const middle = subpath.slice(prefix.length, subpath.length - suffix.length);
        const found = pick(value);
        if (found) return found.replaceAll('*', middle);
      }
    }
    return undefined;
  }
  if (subpath !== '.') return subpath;
  return typeof manifest.main === 'string' ? manifest.main : 'index.js';
}

function* resolveSteps(specifier, context) {
  const importerURL = context.parentURL; // the next resolver may update the shared context object
  try {
    return yield [specifier, context];
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !isBareSpecifier(specifier)) throw err;
    let foundButFailed;
    for (const folder of nodePathFolders()) {
      try {
        const found = yield* resolveFromFolder(folder, specifier, { ...context, parentURL: importerURL }, importerURL);
        if (found) return found;
      } catch (folderErr) {
        // The package is in this folder but cannot be resolved (e.g. subpath not exported); keep looking,
        // and report this error rather than "Cannot find package" if no later folder resolves it.
        foundButFailed ??= folderErr;
      }
    }
    throw foundButFailed ?? err;
  }
}

export function resolveSync(specifier, context, nextResolve) {
  const steps = resolveSteps(specifier, context);
  let step = steps.next();
  while (!step.done) {
    let result;
    try {
      result = nextResolve(...step.value);
    } catch (err) {
      step = steps.throw(err);
      continue;
    }
    step = steps.next(result);
  }
  return step.value;
}

export async function resolve(specifier, context, nextResolve) {
  const steps = resolveSteps(specifier, context);
  let step = steps.next();
  while (!step.done) {
    let result;
    try {
      result = await nextResolve(...step.value);
    } catch (err) {
      step = steps.throw(err);
      continue;
    }
    step = steps.next(result);
  }
  return step.value;
}
