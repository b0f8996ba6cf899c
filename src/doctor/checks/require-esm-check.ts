import { REQUIRE_ESM_OPT_IN, type NodeRuntimeInfo } from '../../runtimes/families/nodejs.js';
import type { Finding } from '../finding.js';
import type { HandlerImports } from '../imports/handler-imports.js';
import { scanRequires } from '../imports/import-scanner.js';
import { hasTopLevelAwait, isEsmFile, readText, requireTarget, type RequireTarget } from '../imports/node-module-format.js';
import type { SandboxView } from '../tree/sandbox-view.js';
import type { CheckContext } from './check-context.js';

/** Whether require(esm) is on for this function: the runtime's default, or Lambda's NODE_OPTIONS opt-in. */
export function requireEsmOn(info: NodeRuntimeInfo, userEnv: Readonly<Record<string, string>>): boolean {
  if (info.requireEsm === 'enabled') return true;
  if (info.requireEsm === 'unsupported') return false;
  return (userEnv.NODE_OPTIONS ?? '').split(/\s+/).includes(REQUIRE_ESM_OPT_IN);
}

/**
 * A CommonJS handler that `require()`s a package Node cannot give to require: an ES module where
 * require(esm) is off (ERR_REQUIRE_ESM), an ES module graph with top-level await where it is on
 * (ERR_REQUIRE_ASYNC_MODULE), or a package whose `exports` has nothing for require
 * (ERR_PACKAGE_PATH_NOT_EXPORTED, on every Node.js). docs/lambda-facts.md#nodejs-experimental-features.
 */
export async function requireEsmFindings(ctx: CheckContext, imports: HandlerImports): Promise<Finding[]> {
  const { info, view, subject } = ctx;
  const handler = imports.handlerPath;
  if (info.family !== 'nodejs' || handler === undefined || (await isEsmFile(view, handler))) return [];
  const source = await readText(view, handler);
  if (source === undefined) return [];
  const esmOn = requireEsmOn(info, subject.userEnv);
  const findings: Finding[] = [];
  for (const name of scanRequires(source)) {
    const resolution = imports.resolutions.find((r) => r.module === name);
    const dir = resolution?.status === 'found' ? resolution.resolvedPath : undefined;
    if (dir === undefined || !view.isDirectory(dir)) continue;
    const target = await requireTarget(view, dir, esmOn);
    const finding = target === undefined ? undefined : await verdict(info, view, { name, handler, target, esmOn });
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}

interface Required {
  readonly name: string;
  readonly handler: string;
  readonly target: RequireTarget;
  readonly esmOn: boolean;
}

async function verdict(info: NodeRuntimeInfo, view: SandboxView, { name, handler, target, esmOn }: Required): Promise<Finding | undefined> {
  const runtime = info.id;
  const useImport = `Load it with \`await import('${name}')\` inside the handler, or make the handler an ES module (index.mjs, or "type": "module") and \`import\` it`;
  if (target.kind === 'not-exported') {
    return {
      severity: 'error',
      code: 'node-require-not-exported',
      message:
        `${handler} requires '${name}', whose package.json "exports" offers nothing to require() (only "import"): it fails on ` +
        `every Node.js with ERR_PACKAGE_PATH_NOT_EXPORTED, "No "exports" main defined in ${target.manifest}".`,
      fix: `${useImport}.`,
      paths: [target.manifest],
    };
  }
  if (!target.esm) return undefined;
  if (!esmOn) {
    const why =
      info.requireEsm === 'unsupported'
        ? `Node.js ${info.nodeMajor} cannot require() an ES module`
        : `Lambda runs Node.js ${info.nodeMajor} with --no-experimental-require-module`;
    return {
      severity: 'error',
      code: 'node-require-esm',
      message:
        `${handler} requires '${name}', an ES module (${target.path}); ${why}, so ${runtime} fails with ERR_REQUIRE_ESM, ` +
        `"require() of ES Module ${target.path} from ${handler} not supported."`,
      fix:
        info.requireEsm === 'disabled'
          ? `${useImport}; or set NODE_OPTIONS=${REQUIRE_ESM_OPT_IN} (an experimental feature outside Lambda's SLA); or pin a CommonJS release of '${name}'.`
          : `${useImport}; or pin a CommonJS release of '${name}'.`,
      paths: [target.path],
    };
  }
  const text = await readText(view, target.path);
  if (text === undefined || !hasTopLevelAwait(text)) return undefined;
  return {
    severity: 'error',
    code: 'node-require-async-module',
    message:
      `${handler} requires '${name}', an ES module with top-level await (${target.path}): require() cannot load it on ${runtime} ` +
      '(ERR_REQUIRE_ASYNC_MODULE, "require() cannot be used on an ESM graph with top-level await. Use import() instead.").',
    fix: `${useImport}.`,
    paths: [target.path],
  };
}
