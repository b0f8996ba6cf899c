import { posix } from 'node:path';
import { NODEJS, type NodeRuntimeInfo } from '../../runtimes/families/nodejs.js';
import { listed, type Finding } from '../finding.js';
import type { NativeFile } from './native-files.js';

/**
 * The symbol a non-Node-API addon exports for its init function, named after the NODE_MODULE_VERSION
 * it was compiled against; Node-API addons export `napi_register_module_v1` instead and load on
 * every Node.js (docs/lambda-facts.md#nodejs-native-addons).
 */
const ABI_SYMBOL = /^node_register_module_v(\d+)$/;

export const isAddonAbiSymbol = (name: string): boolean => ABI_SYMBOL.test(name);

/** The NODE_MODULE_VERSION an addon is tied to, or undefined (Node-API, or not told by its symbols). */
export function addonModuleVersion(file: NativeFile): number | undefined {
  for (const symbol of file.elf.definedSymbols) {
    const match = ABI_SYMBOL.exec(symbol);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

/** `/opt/nodejs/node_modules/@s/p/build/x.node` → `/opt/nodejs/node_modules/@s/p`; else the file's folder. */
function packageRoot(path: string): string {
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return posix.dirname(path);
  const parts = path.slice(at + '/node_modules/'.length).split('/');
  const depth = parts[0]?.startsWith('@') === true ? 2 : 1;
  return `${path.slice(0, at)}/node_modules/${parts.slice(0, depth).join('/')}`;
}

const majorOf = (moduleVersion: number): string => {
  const line = NODEJS.runtimes.find((info) => info.nodeModuleVersion === moduleVersion);
  return line === undefined ? '' : ` (Node.js ${line.nodeMajor})`;
};

/**
 * `.node` addons built for another Node.js line than the runtime's. A package that ships builds for
 * several lines (prebuilds/linux-x64/node.abi115.node, node.abi127.node, ...) picks its own at run
 * time, so it is flagged only when none of its addons can load on this runtime.
 */
export function nodeAddonAbi(natives: readonly NativeFile[], info: NodeRuntimeInfo, expectedMachine: number): Finding[] {
  const own = info.nodeModuleVersion;
  const byPackage = new Map<string, { file: NativeFile; version: number | undefined }[]>();
  for (const file of natives) {
    if (!file.node.path.endsWith('.node') || file.elf.machine !== expectedMachine) continue;
    const root = packageRoot(file.node.path);
    byPackage.set(root, [...(byPackage.get(root) ?? []), { file, version: addonModuleVersion(file) }]);
  }
  const findings: Finding[] = [];
  for (const addons of byPackage.values()) {
    if (addons.some(({ version }) => version === undefined || version === own)) continue;
    const first = addons[0];
    if (first?.version === undefined) continue;
    const built = [...new Set(addons.map(({ version }) => version))].join(', ');
    findings.push({
      severity: 'error',
      code: 'node-addon-abi-mismatch',
      message:
        `${listed(addons.map(({ file }) => file.node.path))} ${addons.length === 1 ? 'is a native addon' : 'are native addons'} built for ` +
        `NODE_MODULE_VERSION ${built}${majorOf(first.version)}, but ${info.id} runs Node.js ${info.nodeMajor} (NODE_MODULE_VERSION ${own}): ` +
        `require() fails with "The module '${first.file.node.path}' was compiled against a different Node.js version using ` +
        `NODE_MODULE_VERSION ${first.version}. This version of Node.js requires NODE_MODULE_VERSION ${own}."`,
      fix:
        `Reinstall the package with Node.js ${info.nodeMajor} (\`npm rebuild\` or \`npm install\` in the ` +
        `public.ecr.aws/lambda/nodejs:${info.nodeMajor} image), or use a Node-API build of it, which loads on every Node.js version.`,
      paths: addons.map(({ file }) => file.node.path),
    });
  }
  return findings;
}
