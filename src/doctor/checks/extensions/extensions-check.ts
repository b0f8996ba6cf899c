import { posix } from 'node:path';
import { listed, type Finding } from '../../finding.js';
import { readText } from '../../imports/node-module-format.js';
import type { SandboxNode } from '../../tree/sandbox-view.js';
import { TASK } from '../../tree/sandbox-view.js';
import type { Check, CheckContext } from '../check-context.js';
import { launchProblem } from './extension-launch.js';
import { literalExtensionNames } from './extension-name.js';
import { EXTENSIONS_DIR } from './extension-paths.js';

/** Internal and external extensions together (docs/doctor-extensions.md#limit). */
export const MAX_EXTENSIONS = 10;

const ANY_EXEC = 0o111;

/**
 * The external extensions the layers put in /opt/extensions, judged as Lambda's Init meets them: how
 * many, whether each can start, whether it registers under its file name; and executables Lambda never
 * starts because they are in a subfolder or in the function package.
 */
export const extensionsCheck: Check = async (ctx) => {
  const { view } = ctx;
  const top = view.children(EXTENSIONS_DIR).flatMap((name) => view.get(`${EXTENSIONS_DIR}/${name}`) ?? []);
  const started = top.filter((node) => node.entry.type !== 'directory');
  const findings: Finding[] = [];
  const extra = started[MAX_EXTENSIONS];
  if (extra !== undefined) findings.push(tooMany(started, extra));
  for (const node of started) {
    // A link is started too; the doctor does not follow it.
    if (node.entry.type !== 'file') continue;
    const problem = await launchProblem(ctx, node);
    const finding = problem ?? (await nameMismatch(ctx, node));
    if (finding !== undefined) findings.push(finding);
  }
  findings.push(...unstarted(ctx, started.length));
  return findings;
};

function tooMany(started: readonly SandboxNode[], extra: SandboxNode): Finding {
  const name = posix.basename(extra.path);
  return {
    severity: 'error',
    code: 'too-many-extensions',
    message:
      `The layers put ${started.length} extensions in ${EXTENSIONS_DIR}; Lambda starts at most ${MAX_EXTENSIONS} (internal ones included), ` +
      `in name order, and refuses the next: "Extension limit (${MAX_EXTENSIONS}) reached", the log says "EXTENSION Name: ${name} ` +
      `State: LaunchError Events: [] Error Type: TooManyExtensions" and Init fails with Extension.LaunchError.`,
    fix: `Drop the extensions the function does not need (each layer's extensions/ folder adds its files), keeping ${MAX_EXTENSIONS} at most.`,
    paths: started.slice(MAX_EXTENSIONS).map((node) => node.path),
  };
}

/** A script that names itself other than its file: Lambda takes it for an internal extension. */
async function nameMismatch({ view }: CheckContext, node: SandboxNode): Promise<Finding | undefined> {
  const text = await readText(view, node.path);
  if (text?.startsWith('#!') !== true) return undefined;
  const file = posix.basename(node.path);
  const names = literalExtensionNames(text);
  const other = names.find((name) => name !== file);
  if (other === undefined || names.includes(file)) return undefined;
  return {
    severity: 'warning',
    code: 'extension-name-mismatch',
    message:
      `${node.path} (from ${node.source.label}) registers as "${other}", not as its file name "${file}": Lambda takes that register ` +
      `for an internal extension (refused with Extension.InvalidEventType, "SHUTDOWN: ShutdownEventNotSupportedForInternalExtension", ` +
      `if it asks for SHUTDOWN) and Init waits for ${file} to register until it times out.`,
    fix: `Register with Lambda-Extension-Name: ${file} (the file's base name, e.g. $(basename "$0")), or rename the file to ${other}.`,
    paths: [node.path],
  };
}

/** Executables below /opt/extensions or in the function's own extensions/ folder. */
function unstarted({ view }: CheckContext, startedCount: number): Finding[] {
  const executable = (node: SandboxNode): boolean => node.entry.type === 'file' && (node.entry.mode & ANY_EXEC) !== 0;
  const nested = view.under(EXTENSIONS_DIR).filter((node) => executable(node) && posix.dirname(node.path) !== EXTENSIONS_DIR);
  const inCode = view.under(`${TASK}/extensions`).filter((node) => executable(node) && posix.dirname(node.path) === `${TASK}/extensions`);
  const findings: Finding[] = [];
  if (nested.length > 0) {
    findings.push({
      severity: startedCount === 0 ? 'warning' : 'info',
      code: 'extension-in-subfolder',
      message:
        `${listed(nested.map((n) => n.path))} are in subfolders of ${EXTENSIONS_DIR}: Lambda starts only the files directly in it, ` +
        (startedCount === 0 ? 'so no extension starts.' : 'so these run only if an extension above starts them.'),
      fix: `Put each extension's launcher at ${EXTENSIONS_DIR}/<name> (extensions/<name> at the root of the layer zip); helpers may stay in subfolders.`,
      paths: nested.map((n) => n.path),
    });
  }
  if (inCode.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'extension-in-function-code',
      message: `${listed(inCode.map((n) => n.path))} are in the function package: Lambda starts extensions only from ${EXTENSIONS_DIR}, which only layers fill.`,
      fix: 'Publish the extensions as a layer (its zip holding extensions/<name>) and add it to the function.',
      paths: inCode.map((n) => n.path),
    });
  }
  return findings;
}
