/**
 * Whether Lambda can start one file of /opt/extensions, and if not how Init fails, in the words of the
 * log and of the invoke's error (docs/doctor-extensions.md#launch-failures): Lambda execs the file itself
 * (no shell), so a missing exec bit, a foreign or unknown format and a missing `#!` interpreter are
 * launch errors, while a loader or `env` that gives up is the extension exiting (Extension.Crash).
 */
import { posix } from 'node:path';
import { ARCHITECTURE_FACTS } from '../../../runtimes/architecture.js';
import { defaultPathEntries } from '../../../runtimes/default-paths.js';
import { familyRules } from '../../../runtimes/families/index.js';
import { SYMBOL_CEILINGS } from '../../../runtimes/glibc-ceiling.js';
import { imagePrograms } from '../../../runtimes/image-programs.js';
import { machineName, readElf, type ElfInfo } from '../../elf/elf-reader.js';
import type { Finding } from '../../finding.js';
import type { SandboxNode } from '../../tree/sandbox-view.js';
import type { CheckContext } from '../check-context.js';
import { EXPECTED_MACHINE, glibcFix, loaderRefusal } from '../native-code-check.js';
import { SHEBANG_BYTES, envProgram, isEnv, parseShebang, type Shebang } from './shebang.js';

/** The function runs as sbx_user1051, owner of nothing: only the "other" exec bit counts (path bug 7). */
const OTHER_EXEC = 0o001;

type Problem = Pick<Finding, 'code' | 'message' | 'fix'>;

/** The invoke's error when the exec itself fails, with the log's EXTENSION line. */
function launchError(path: string, reason: string, errorType: 'PermissionDenied' | 'UnknownError'): string {
  return (
    `Init fails with Extension.LaunchError, "Error: fork/exec ${path}: ${reason}" ` +
    `(log: "EXTENSION Name: ${posix.basename(path)} State: LaunchError Events: [] Error Type: ${errorType}")`
  );
}

const crash = (status: number): string =>
  `the extension exits before registering and Init fails with Extension.Crash, "Error: exit status ${status}"`;

/** The first problem that stops the file from starting, as Lambda meets them; undefined when it starts. */
export async function launchProblem(ctx: CheckContext, node: SandboxNode): Promise<Finding | undefined> {
  const problem = await firstProblem(ctx, node);
  return problem === undefined ? undefined : { severity: 'error', ...problem, paths: [node.path] };
}

async function firstProblem(ctx: CheckContext, node: SandboxNode): Promise<Problem | undefined> {
  const { path, entry, source } = node;
  const from = `${path} (from ${source.label})`;
  if ((entry.mode & OTHER_EXEC) === 0) {
    return {
      code: 'extension-not-executable',
      message: `${from} has mode 0${entry.mode.toString(8).padStart(3, '0')}, which the function's user cannot execute: ${launchError(path, 'permission denied', 'PermissionDenied')}.`,
      fix: 'chmod 755 the file before zipping (zips made on Windows, by Gradle or Terraform archive_file often lose the mode), then publish the layer again.',
    };
  }
  const read = (offset: number, length: number): Promise<Buffer> => source.read(entry.path, offset, length);
  const elf = await readElf(read).catch(() => undefined);
  if (elf !== undefined) return elfProblem(ctx, from, path, elf);
  const shebang = parseShebang(await read(0, SHEBANG_BYTES));
  if (shebang === undefined) {
    return {
      code: 'extension-unknown-format',
      message: `${from} is neither an ELF executable nor a script with a #! line; Lambda execs it without a shell: ${launchError(path, 'exec format error', 'UnknownError')}.`,
      fix: 'Start the script with its interpreter line (#!/bin/bash, #!/usr/bin/env python3, ...), or put the compiled executable there.',
    };
  }
  return scriptProblem(ctx, from, path, shebang);
}

function elfProblem(ctx: CheckContext, from: string, path: string, elf: ElfInfo): Problem | undefined {
  const { architecture } = ctx.subject;
  if (elf.machine !== EXPECTED_MACHINE[architecture] || elf.elfClass !== 64) {
    return {
      code: 'extension-wrong-architecture',
      message: `${from} is a ${elf.elfClass}-bit ${machineName(elf.machine)} executable, but the function runs on 64-bit ${architecture}: ${launchError(path, 'exec format error', 'UnknownError')}.`,
      fix: `Use the extension's ${architecture} build (vendors publish one layer per architecture), or set the function's architecture to match.`,
    };
  }
  const loader = elf.interpreter;
  if (loader !== undefined && loader !== ARCHITECTURE_FACTS[architecture].glibcLoader && !exists(ctx, loader)) {
    return {
      code: 'extension-interpreter-missing',
      message: `${from} is linked for the loader ${loader} (musl, as on Alpine, or another system's), which Lambda's images do not have: ${launchError(path, 'no such file or directory', 'UnknownError')}.`,
      fix: 'Build the extension against glibc (on Amazon Linux, or Debian/Ubuntu old enough for its glibc), or link it statically (CGO_ENABLED=0 for Go).',
    };
  }
  const ceiling = SYMBOL_CEILINGS[ctx.info.os.name];
  const refusal = loaderRefusal(path, elf, ceiling);
  if (refusal === undefined) return undefined;
  return {
    code: 'extension-glibc-too-new',
    message:
      `${from} needs ${refusal.needed.join(', ')}, but ${ctx.info.id} runs on ${ctx.info.os.name} with glibc ${ceiling.glibc}: the loader ` +
      `prints "${path}: ${refusal.words}", ${crash(1)}.`,
    fix: glibcFix(ctx.info),
  };
}

function scriptProblem(ctx: CheckContext, from: string, path: string, { interpreter, argument }: Shebang): Problem | undefined {
  const crlf = 'Save it with Unix line endings (LF), e.g. `sed -i "s/\\r$//"` or `dos2unix`, then publish the layer again.';
  if (interpreter.endsWith('\r')) {
    return {
      code: 'extension-crlf-line-endings',
      message: `${from} has Windows line endings, so the kernel looks for the interpreter "${JSON.stringify(interpreter).slice(1, -1)}": ${launchError(path, 'no such file or directory', 'UnknownError')}.`,
      fix: crlf,
    };
  }
  if (!exists(ctx, interpreter)) {
    return {
      code: 'extension-interpreter-missing',
      message: `${from} starts with #!${interpreter}, which ${ctx.info.id}'s image does not have and no layer provides: ${launchError(path, 'no such file or directory', 'UnknownError')}.`,
      fix: interpreterFix(ctx),
    };
  }
  if (!isEnv(interpreter)) return undefined;
  const program = envProgram(argument);
  if (program === undefined || onPath(ctx, program)) return undefined;
  const shown = JSON.stringify(program).slice(1, -1);
  return {
    code: program.endsWith('\r') ? 'extension-crlf-line-endings' : 'extension-interpreter-missing',
    message:
      `${from} starts with #!${interpreter} ${argument ?? ''}, and no "${shown}" is on the function's PATH in ${ctx.info.id}: ` +
      `env prints "${interpreter}: '${shown}': No such file or directory", ${crash(127)}.`,
    fix: program.endsWith('\r') ? crlf : interpreterFix(ctx),
  };
}

function interpreterFix(ctx: CheckContext): string {
  const own = familyRules(ctx.info).interpreters();
  const ownText = own.length === 0 ? '' : ` or the runtime's own (${own.join(', ')})`;
  return `Use an interpreter every Lambda image has (/bin/sh, /bin/bash)${ownText}, ship the interpreter in a layer (/opt/bin/...), or compile the extension.`;
}

/** The image's own programs, or a file of the function's /opt and /var/task. */
function exists(ctx: CheckContext, path: string): boolean {
  if (path.startsWith('/opt/') || path.startsWith('/var/task/')) return ctx.view.isFile(path);
  return imagePrograms(ctx.info.id).has(path);
}

/** env's lookup: a name with a slash as it is, else each entry of PATH as the function sets it. */
function onPath(ctx: CheckContext, program: string): boolean {
  if (program.includes('/')) return exists(ctx, program);
  const path = ctx.subject.userEnv.PATH ?? defaultPathEntries(familyRules(ctx.info).platformPaths).join(':');
  return path
    .split(':')
    .filter((dir) => dir.startsWith('/'))
    .some((dir) => exists(ctx, posix.join(dir, program)));
}
