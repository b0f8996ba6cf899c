import { posix } from 'node:path';
import { SYMBOL_CEILINGS, compareDotted, versionsAboveCeiling, type SymbolCeiling } from '../../runtimes/glibc-ceiling.js';
import type { RuntimeInfo } from '../../runtimes/runtime-catalogue.js';
import { EM_AARCH64, EM_X86_64, machineName, type ElfInfo } from '../elf/elf-reader.js';
import { listed, type Finding } from '../finding.js';
import type { SandboxNode } from '../tree/sandbox-view.js';
import type { Check } from './check-context.js';
import { isExtensionFile } from './extensions/extension-paths.js';
import { nativeFiles } from './native-files.js';
import { nodeAddonAbi } from './node-addon-abi.js';
import { rubyExtensionAbi } from './ruby-extension-abi.js';

export const EXPECTED_MACHINE = { x86_64: EM_X86_64, arm64: EM_AARCH64 } as const;

/** A native file's symbol versions above the ceiling, newest first, and the loader's first complaint. */
export interface LoaderRefusal {
  readonly needed: readonly string[];
  /** ld.so's line: "/lib64/libc.so.6: version `GLIBC_2.36' not found (required by /opt/lib/x.so)". */
  readonly words: string;
}

/** The rule lsim's images apply at invoke (docs/glibc-ceiling.md), so the same file fails both ways. */
export function loaderRefusal(path: string, elf: ElfInfo, ceiling: SymbolCeiling): LoaderRefusal | undefined {
  const above = versionsAboveCeiling(elf.versionNeeds, ceiling).sort((a, b) =>
    compareDotted(versionNumber(b.version), versionNumber(a.version)),
  );
  const first = above[0];
  if (first === undefined) return undefined;
  return {
    needed: [...new Set(above.map((need) => need.version))],
    words: `/lib64/${first.library}: version \`${first.version}' not found (required by ${path})`,
  };
}

export function glibcFix(info: RuntimeInfo): string {
  const ceiling = SYMBOL_CEILINGS[info.os.name];
  return (
    `Build it on ${info.os.name} (e.g. in the ${baseImage(info.id)} ` +
    `image or amazonlinux:${info.os.name === 'AL2' ? '2' : '2023'}), use a manylinux wheel old enough for glibc ${ceiling.glibc}, ` +
    (info.os.name === 'AL2' ? 'or move to a runtime on AL2023 (glibc 2.34).' : 'or link it statically.')
  );
}

/**
 * Path bug 8 and 4's ABI half: native files for the wrong CPU, needing a newer glibc than the
 * runtime's Amazon Linux has, or built for another Python minor, Node.js line or Ruby minor.
 */
export const nativeCodeCheck: Check = async ({ subject, info, view }) => {
  // Extensions have their own finding, which says how Init fails (extensions-check.ts).
  const natives = (await nativeFiles(view)).filter(({ node }) => !isExtensionFile(node.path));
  const findings: Finding[] = [];
  const expected = EXPECTED_MACHINE[subject.architecture];
  const wrongArch = natives.filter(({ elf }) => elf.machine !== expected || elf.elfClass !== 64);
  if (wrongArch.length > 0) {
    const kinds = [...new Set(wrongArch.map(({ elf }) => `${elf.elfClass}-bit ${machineName(elf.machine)}`))];
    findings.push({
      severity: 'error',
      code: 'elf-wrong-architecture',
      message:
        `${listed(wrongArch.map((f) => f.node.path))} are ${kinds.join(', ')} binaries, but the function runs on ` +
        `64-bit ${subject.architecture}: loading them fails ("exec format error", "wrong ELF class", "cannot open shared object file").`,
      fix:
        `Rebuild or download these for ${subject.architecture} (e.g. pip --platform manylinux2014_${subject.architecture === 'arm64' ? 'aarch64' : 'x86_64'}, ` +
        `docker build --platform linux/${subject.architecture === 'arm64' ? 'arm64' : 'amd64'}), or set the function's architecture to match.`,
      paths: wrongArch.map((f) => f.node.path),
    });
  }
  const ceiling = SYMBOL_CEILINGS[info.os.name];
  for (const { node, elf } of natives) {
    const refusal = loaderRefusal(node.path, elf, ceiling);
    if (refusal === undefined) continue;
    findings.push({
      severity: 'error',
      code: 'elf-glibc-too-new',
      message:
        `${node.path} (from ${node.source.label}) needs ${refusal.needed.join(', ')}, but ${info.id} runs on ${info.os.name} with glibc ` +
        `${ceiling.glibc} and libstdc++ up to GLIBCXX_${ceiling.glibcxx}: it fails with "${refusal.words}".`,
      fix: glibcFix(info),
      paths: [node.path],
    });
  }
  if (info.family === 'python') findings.push(...pythonAbi(view.all(), info.pythonVersion, info.id));
  if (info.family === 'nodejs') findings.push(...nodeAddonAbi(natives, info, expected));
  if (info.family === 'ruby') findings.push(...rubyExtensionAbi(natives, info));
  return findings;
};

function pythonAbi(nodes: readonly SandboxNode[], version: string, runtime: string): Finding[] {
  const own = version.replace('.', '');
  const byVersion = new Map<string, string[]>();
  for (const node of nodes) {
    const match = /\.cpython-(3\d+)[a-z]*-[^/]*\.so$/.exec(posix.basename(node.path));
    if (match?.[1] === undefined || match[1] === own) continue;
    byVersion.set(match[1], [...(byVersion.get(match[1]) ?? []), node.path]);
  }
  return [...byVersion].map(([built, paths]) => ({
    severity: 'error',
    code: 'python-extension-abi-mismatch',
    message:
      `${listed(paths)} are extension modules built for Python 3.${built.slice(1)}; ${runtime} cannot import them ` +
      '(ImportError, e.g. "cannot import name \'cygrpc\'").',
    fix: `Reinstall the package for Python ${version}: \`pip install --python-version ${version} --only-binary=:all: --platform manylinux2014_x86_64 -t python/ ...\` (aarch64 for arm64).`,
    paths,
  }));
}

/** `python3.12` → `public.ecr.aws/lambda/python:3.12`, `provided.al2` → `.../provided:al2`. */
function baseImage(runtime: string): string {
  const match = /^(nodejs|python|ruby|java|provided)\.?(.*?)(?:\.x)?$/.exec(runtime);
  return `public.ecr.aws/lambda/${match?.[1] ?? runtime}:${match?.[2] ?? 'latest'}`;
}

/** `GLIBC_2.36` → `2.36`; names without a number (GLIBC_ABI_DT_RELR) sort first, as glibc 2.36's. */
function versionNumber(version: string): string {
  return /_(\d+(?:\.\d+)*)$/.exec(version)?.[1] ?? '2.36';
}
