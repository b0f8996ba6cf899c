// Loads the handler named by _HANDLER the way the managed nodejs18.x-24.x runtimes do:
//   [dir/]module.export[.nested]  ->  /var/task/[dir/]module{,.js,.mjs,.cjs}, then a node-style resolve.
// .js is required unless the nearest package.json says "type": "module"; .mjs is imported; .cjs is required.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { withBundledSdkNote } from './bundled-sdk-note.mjs';
import { CallbackHandlerDeprecated, HandlerNotFound, ImportModuleError, MalformedHandlerName, UserCodeSyntaxError } from './errors.mjs';

// Resolve user code from the runtime entry point so "Require stack" reads "- /var/runtime/index.mjs".
const require = createRequire(new URL('../index.mjs', import.meta.url));

const MODULE_AND_EXPORT = /^([^.]*)\.(.*)$/;

function requireIfPresent(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

async function importIfPresent(file) {
  return fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined;
}

// Nearest package.json decides; a node_modules folder or the root without one means CommonJS.
function folderIsTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const manifest = path.join(folder, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (parsed) return parsed.type === 'module';
    } catch (err) {
      console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, err);
      return false;
    }
  }
  if (folder === '/') return false;
  return folderIsTypeModule(path.resolve(folder, '..'));
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  const bare = requireIfPresent(base);
  if (bare) return bare;
  const typeModule = folderIsTypeModule(path.dirname(base));
  if (!typeModule) {
    const asCommonJs = requireIfPresent(base + '.js');
    if (asCommonJs) return asCommonJs;
  }
  const loaded =
    (typeModule && (await importIfPresent(base + '.js'))) || (await importIfPresent(base + '.mjs')) || requireIfPresent(base + '.cjs');
  if (loaded) return loaded;
  // Last resort: node_modules lookup from the task root (and NODE_PATH), e.g. a handler module in a package.
  const resolved = require.resolve(moduleName, { paths: [appRoot, moduleRoot] });
  return require(resolved);
}

async function loadUserApp(appRoot, moduleRoot, moduleName) {
  try {
    return await loadModule(appRoot, moduleRoot, moduleName);
  } catch (caught) {
    const err = withBundledSdkNote(caught);
    if (err instanceof SyntaxError) throw new UserCodeSyntaxError(err);
    if (err && err.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(err);
    throw err;
  }
}

export async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerPart = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerPart));
  const match = handlerPart.match(MODULE_AND_EXPORT);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, exportPath] = match;

  const app = await loadUserApp(appRoot, moduleRoot, moduleName);
  const handler = exportPath.split('.').reduce((value, key) => value && value[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  refuseCallbackHandler(handler);
  return handler;
}

// Node.js 24 and later: a handler declaring three or more parameters is a callback handler, which the
// runtime refuses at init, async or not (docs/lambda-facts.md#nodejs-24-callback-handlers). lsim has no
// response streaming, whose handlers would be exempt.
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const CALLBACK_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need ' +
  'to modify this function to use a supported handler signature to use Node.js 24 or later. For more information ' +
  'see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

function refuseCallbackHandler(handler) {
  if (NODE_MAJOR >= 24 && handler.length >= 3) throw new CallbackHandlerDeprecated(CALLBACK_REMOVED);
}

export function isAsyncFunction(fn) {
  try {
    return fn?.constructor?.name === 'AsyncFunction';
  } catch {
    return false;
  }
}
