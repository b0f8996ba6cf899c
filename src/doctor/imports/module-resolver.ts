import { posix } from 'node:path';
import type { RuntimeInfo } from '../../runtimes/runtime-catalogue.js';
import type { SearchPath, SearchPathVariable } from '../../runtimes/search-paths.js';
import type { SandboxView } from '../tree/sandbox-view.js';
import { isNodeBuiltin, isPythonBuiltin, isRubyBuiltin } from './builtin-modules.js';
import { nodePackageName } from './import-scanner.js';

export interface ImportResolution {
  readonly module: string;
  /** `runtime`: provided by the runtime itself; `unchecked`: the doctor cannot tell for this runtime. */
  readonly status: 'found' | 'runtime' | 'not-found' | 'unchecked';
  readonly resolvedPath?: string | undefined;
  /** The places searched, in order (roots the runtime looks in). */
  readonly searched: readonly string[];
  /** Where something of that name does exist in /opt or /var/task, each with why it is not used. */
  readonly elsewhere: readonly { readonly path: string; readonly why: string }[];
}

export interface ResolveContext {
  readonly info: RuntimeInfo;
  readonly view: SandboxView;
  readonly searchPaths: readonly SearchPath[];
  /** The handler file's sandbox path: node's node_modules chain starts at its folder. */
  readonly handlerPath?: string | undefined;
}

const MAX_ELSEWHERE = 5;

function activeRoots(ctx: ResolveContext, variable: SearchPathVariable): string[] {
  const path = ctx.searchPaths.find((p) => p.variable === variable);
  return (path?.entries ?? []).filter((e) => e.removedByUser !== true).map((e) => e.path);
}

function removedRoots(ctx: ResolveContext): { path: string; variable: SearchPathVariable }[] {
  return ctx.searchPaths.flatMap((p) =>
    p.entries.filter((e) => e.removedByUser === true).map((e) => ({ path: e.path, variable: p.variable })),
  );
}

/** Where a module name would be loaded from in the sandbox, or why it would not be. */
export function resolveModule(ctx: ResolveContext, name: string): ImportResolution {
  switch (ctx.info.family) {
    case 'nodejs':
      return resolveNode(ctx, nodePackageName(name));
    case 'python':
      return resolvePython(ctx, name.split('.')[0] ?? name);
    case 'ruby':
      return resolveRuby(ctx, name);
    default:
      return { module: name, status: 'unchecked', searched: [], elsewhere: [] };
  }
}

function nodeModulesChain(handlerPath: string | undefined): string[] {
  const chain: string[] = [];
  for (let dir = posix.dirname(handlerPath ?? '/var/task/index.js'); dir.startsWith('/var/task'); dir = posix.dirname(dir)) {
    chain.push(`${dir}/node_modules`);
  }
  return chain;
}

function resolveNode(ctx: ResolveContext, name: string): ImportResolution {
  if (isNodeBuiltin(name)) return { module: name, status: 'runtime', searched: [], elsewhere: [] };
  const searched = [...new Set([...nodeModulesChain(ctx.handlerPath), ...activeRoots(ctx, 'NODE_PATH')])];
  const candidates = (root: string): string[] => ['', '.js', '.json', '.node'].map((ext) => `${root}/${name}${ext}`);
  const found = searched.flatMap(candidates).find((path) => ctx.view.exists(path));
  const elsewhere = found !== undefined ? [] : locate(ctx, (path) => path.endsWith(`/node_modules/${name}`), searched);
  return { module: name, status: found === undefined ? 'not-found' : 'found', resolvedPath: found, searched, elsewhere };
}

function resolvePython(ctx: ResolveContext, name: string): ImportResolution {
  if (isPythonBuiltin(name)) return { module: name, status: 'runtime', searched: [], elsewhere: [] };
  const searched = activeRoots(ctx, 'sys.path');
  const matches = (path: string): boolean => {
    const base = posix.basename(path);
    return base === name || base === `${name}.py` || (base.startsWith(`${name}.`) && base.endsWith('.so'));
  };
  const found = searched
    .flatMap((root) => ctx.view.children(root).map((child) => `${root}/${child}`))
    .find((path) => matches(path) && (ctx.view.isFile(path) || ctx.view.isDirectory(path)));
  const elsewhere = found !== undefined ? [] : locate(ctx, matches, searched);
  return { module: name, status: found === undefined ? 'not-found' : 'found', resolvedPath: found, searched, elsewhere };
}

function resolveRuby(ctx: ResolveContext, name: string): ImportResolution {
  if (isRubyBuiltin(name)) return { module: name, status: 'runtime', searched: [], elsewhere: [] };
  const libRoots = ['/var/task', ...activeRoots(ctx, 'RUBYLIB')];
  const gemRoots = activeRoots(ctx, 'GEM_PATH').map((root) => `${root}/gems`);
  const searched = [...new Set([...libRoots, ...gemRoots.map((root) => `${root}/*/lib`)])];
  const fromLib = [...new Set(libRoots)].map((root) => `${root}/${name}.rb`);
  const fromGems = gemRoots.flatMap((root) => ctx.view.children(root).map((gem) => `${root}/${gem}/lib/${name}.rb`));
  const found = [...fromLib, ...fromGems].find((path) => ctx.view.exists(path));
  const gemDir = new RegExp(`/gems/${name.replace(/[^\w-]/g, '\\$&')}-[\\d.]+[^/]*$`);
  const elsewhere = found !== undefined ? [] : locate(ctx, (path) => path.endsWith(`/${name}.rb`) || gemDir.test(path), searched);
  return { module: name, status: found === undefined ? 'not-found' : 'found', resolvedPath: found, searched, elsewhere };
}

/** Paths in /opt and /var/task that look like the module, with why each is not searched. */
function locate(ctx: ResolveContext, matches: (path: string) => boolean, searched: readonly string[]): ImportResolution['elsewhere'] {
  const removed = removedRoots(ctx);
  return ctx.view
    .all()
    .filter((node) => matches(node.path))
    .slice(0, MAX_ELSEWHERE)
    .map((node) => {
      const dropped = removed.find((r) => node.path.startsWith(`${r.path}/`));
      return {
        path: node.path,
        why: dropped
          ? `${dropped.path} is dropped by the function's ${variableName(dropped.variable)}`
          : whyNot(ctx.info, node.path, searched),
      };
    });
}

const variableName = (variable: SearchPathVariable): string => (variable === 'sys.path' ? 'PYTHONPATH' : variable);

function whyNot(info: RuntimeInfo, path: string, searched: readonly string[]): string {
  if (path.startsWith('/opt/node_modules/')) return '/opt/node_modules is not searched: a layer must put packages in nodejs/node_modules';
  const node = /^\/opt\/nodejs\/node(\d+)\//.exec(path);
  if (node !== null && info.family === 'nodejs')
    return `nodejs/node${node[1]} is only for Node ${node[1]}; this runtime is Node ${info.nodeMajor}`;
  const python = /\/python(\d+\.\d+)\/site-packages\//.exec(path);
  if (python !== null && info.family === 'python' && python[1] !== info.pythonVersion) {
    return `it is under python${python[1]}/site-packages; this runtime searches python${info.pythonVersion}/site-packages`;
  }
  const gems = /\/gems\/(\d+\.\d+\.\d+)\//.exec(path);
  if (gems !== null && info.family === 'ruby' && gems[1] !== info.rubyVersion) {
    return `it is under gems/${gems[1]}; this runtime's GEM_PATH has gems/${info.rubyVersion}`;
  }
  if (path.includes('/vendor/bundle/')) return "bundler's vendor/bundle layout is not on GEM_PATH";
  return `its folder ${posix.dirname(path)} is not among the searched places (${searched.slice(0, 4).join(', ')}${searched.length > 4 ? ', ...' : ''})`;
}
