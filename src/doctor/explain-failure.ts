import { CUSTOM_BOOTSTRAP_CANDIDATES } from '../runtimes/families/provided.js';
import { parseHandler } from '../runtimes/handler-name.js';
import { runtimeInfo } from '../runtimes/runtime-catalogue.js';
import { effectiveSearchPaths } from '../runtimes/search-paths.js';
import type { CheckContext, SyncCheck } from './checks/check-context.js';
import { javaOfClassMajor, javaReleaseFix } from './checks/java-class-version-check.js';
import { javaLayoutCheck } from './checks/java-layout-check.js';
import { nodeLayoutCheck } from './checks/node-layout-check.js';
import { pythonLayoutCheck } from './checks/python-layout-check.js';
import { rubyLayoutCheck } from './checks/ruby-layout-check.js';
import { searchPathCheck } from './checks/search-path-check.js';
import type { DoctorSubject } from './doctor-subject.js';
import type { Finding } from './finding.js';
import { resolveModule } from './imports/module-resolver.js';
import { SandboxView } from './tree/sandbox-view.js';

/** The synchronous layout checks: their fixes name the likely cause of a not-found error. */
const CAUSES: readonly SyncCheck[] = [searchPathCheck, nodeLayoutCheck, pythonLayoutCheck, rubyLayoutCheck, javaLayoutCheck];
const MAX_CAUSES = 2;

/** A module name and whether the handler's own file is the one missing. */
interface NotFound {
  readonly module: string;
  readonly kind: 'module' | 'class';
}

/**
 * A few lines for after the runtime's own error when an invoke failed because something was not
 * found or not allowed: what was looked for, where, where a file of that name does exist, and the
 * fix. Undefined when the error is not one of those. Reads listings only; changes nothing.
 */
export function explainInvokeFailure(subject: DoctorSubject, errorPayload: Buffer | string): string | undefined {
  const text = typeof errorPayload === 'string' ? errorPayload : errorPayload.toString('utf8');
  const message = errorText(text);
  const view = new SandboxView(subject);
  const ctx: CheckContext = {
    subject,
    info: runtimeInfo(subject.runtime),
    view,
    searchPaths: effectiveSearchPaths(subject.runtime, subject.userEnv),
  };
  if (message.includes('Runtime.InvalidEntrypoint') || message.includes("Couldn't find valid bootstrap")) return explainBootstrap(ctx);
  const missing = notFoundIn(message);
  if (missing !== undefined) return explainMissing(ctx, missing);
  if (/EACCES|Permission denied|permission denied/.test(message)) return explainPermission(ctx, message);
  const tooNew = /class file version (\d+)\.\d+\), this version of the Java Runtime only recognizes class file versions up to/.exec(
    message,
  );
  if (tooNew?.[1] !== undefined && ctx.info.family === 'java') {
    const javaNeeded = javaOfClassMajor(Number(tooNew[1]));
    return lines([
      `lsim: a class of the function is compiled for Java ${javaNeeded}, but ${ctx.info.id} runs Java ${ctx.info.javaMajor} (\`lsim doctor\` lists every such class).`,
      `  fix: ${javaReleaseFix(ctx.info, javaNeeded)}`,
    ]);
  }
  return undefined;
}

/** errorType, errorMessage and trace of a Lambda error body, or the text itself. */
function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as { errorType?: unknown; errorMessage?: unknown; trace?: unknown; stackTrace?: unknown };
    return [body.errorType, body.errorMessage, body.trace, body.stackTrace]
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n');
  } catch {
    return text;
  }
}

function notFoundIn(message: string): NotFound | undefined {
  const patterns: readonly [RegExp, NotFound['kind']][] = [
    [/Cannot find (?:module|package) '([^']+)'/, 'module'],
    [/No module named '([^']+)'/, 'module'],
    [/cannot load such file -- (\S+)/, 'module'],
    [/ClassNotFoundException: ([\w.$]+)/, 'class'],
    [/Class not found: ([\w.$]+)/, 'class'],
  ];
  for (const [pattern, kind] of patterns) {
    const match = pattern.exec(message);
    if (match?.[1] !== undefined) return { module: match[1], kind };
  }
  return undefined;
}

function explainMissing(ctx: CheckContext, missing: NotFound): string {
  const { subject, info, view } = ctx;
  const parsed = subject.handler === undefined ? undefined : parseHandler(subject.runtime, subject.handler, subject.userEnv);
  const handler = parsed?.ok === true ? parsed.handler : undefined;
  const isHandler = handler !== undefined && (handler.module === missing.module || handler.module.replaceAll('/', '.') === missing.module);
  if (isHandler || missing.kind === 'class') {
    const candidates = handler?.candidates ?? [];
    const base = (missing.kind === 'class' ? `${missing.module.replaceAll('.', '/')}.class` : missing.module.split('/').pop()) ?? '';
    const elsewhere = view
      .all()
      .filter((node) => node.path.endsWith(`/${base}`) || node.path.includes(`/${base}.`))
      .map((n) => n.path)
      .slice(0, 5);
    return lines([
      `lsim: the handler's ${missing.kind === 'class' ? 'class' : 'file'} '${missing.module}' was not found.`,
      `  searched: ${candidates.join(', ')}`,
      elsewhere.length > 0
        ? `  a file of that name exists at: ${elsewhere.join(', ')}`
        : '  no file of that name is in the code or the layers',
      missing.kind === 'class'
        ? '  fix: put the class in the function zip (or a jar in its lib/), or in a jar directly in java/lib/ of a layer; loose classes in layers are not on the class path.'
        : '  fix: put the handler file at the root of the function zip (or in the folder the handler names), or correct the handler setting.',
    ]);
  }
  const resolution = resolveModule({ info, view, searchPaths: ctx.searchPaths }, missing.module);
  const causes = likelyCauses(ctx);
  const fix =
    causes[0]?.fix ??
    (resolution.elsewhere.length > 0
      ? 'move it to one of the searched places.'
      : 'add the package to the function zip or to a layer, in a folder the runtime searches.');
  return lines([
    `lsim: '${missing.module}' was not found.`,
    `  searched: ${resolution.searched.join(', ')}`,
    ...resolution.elsewhere.map((e) => `  found ${e.path}, not used: ${e.why}`),
    ...(resolution.elsewhere.length === 0 ? ['  no file or folder of that name is in the code or the layers'] : []),
    ...causes.slice(1).map((c) => `  also: ${c.message}`),
    `  fix: ${fix}`,
  ]);
}

function likelyCauses(ctx: CheckContext): Finding[] {
  return CAUSES.flatMap((check) => check(ctx))
    .filter((f) => f.severity !== 'info')
    .slice(0, MAX_CAUSES);
}

function explainBootstrap({ view, info }: CheckContext): string {
  const found = view.all().filter((n) => n.path.endsWith('/bootstrap') && n.entry.type !== 'directory');
  const atRoot = found.filter((n) => CUSTOM_BOOTSTRAP_CANDIDATES.includes(n.path));
  const described = found.map((n) => `${n.path} (mode 0${n.entry.mode.toString(8)}, from ${n.source.label})`);
  return lines([
    `lsim: ${info.id} starts ${CUSTOM_BOOTSTRAP_CANDIDATES.join(', else ')}; it must be a file executable by everyone.`,
    described.length > 0 ? `  found: ${described.join(', ')}` : '  no file named bootstrap is in the code or the layers',
    atRoot.length > 0
      ? '  fix: chmod 755 bootstrap before zipping (zips made on Windows or by some tools drop the mode).'
      : '  fix: put an executable bootstrap at the root of the function zip or of a layer zip.',
  ]);
}

function explainPermission({ view }: CheckContext, message: string): string | undefined {
  const paths = [...message.matchAll(/(\/(?:opt|var\/task)\/[^\s'":,)\]]+)/g)].map((m) => m[1] ?? '');
  const node = paths.map((p) => view.get(p)).find((n) => n !== undefined);
  if (node === undefined) {
    return lines([
      'lsim: the function was denied access to a file: it runs as sbx_user1051, which owns nothing in /opt or /var/task.',
      '  fix: make files world-readable (644) and executables and folders 755 before zipping: `chmod -R a+rX`, plus `chmod 755` on executables.',
    ]);
  }
  const executable = node.path.startsWith('/opt/bin/') || node.path.startsWith('/opt/extensions/') || node.path.endsWith('/bootstrap');
  return lines([
    `lsim: ${node.path} has mode 0${node.entry.mode.toString(8)} (from ${node.source.label}); the function's user needs the "other" ${executable ? 'read and execute' : 'read'} bits.`,
    `  fix: chmod ${executable || node.entry.type === 'directory' ? '755' : '644'} it before zipping, then publish the zip again.`,
  ]);
}

const lines = (items: readonly string[]): string => `${items.join('\n')}\n`;
