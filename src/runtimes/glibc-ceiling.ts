/**
 * The newest symbol versions Lambda's Amazon Linux provides, per generation, and how lsim's images
 * hold the function's own native code to them at invoke (docs/glibc-ceiling.md). The numbers are
 * compiled into the audit modules by images/base/Dockerfile; this module is what the rest of lsim reads.
 */
import { runtimeInfo, type OsInfo, type RuntimeId } from './runtime-catalogue.js';

export interface SymbolCeiling {
  /** `GLIBC_x.y`: glibc itself (libc, libm, libpthread, ld.so...). */
  readonly glibc: string;
  /** `GLIBCXX_3.4.n` of the system libstdc++.so.6. */
  readonly glibcxx: string;
  /** `CXXABI_1.3.n` of the same library. */
  readonly cxxabi: string;
  /** `GCC_x.y.z` of libgcc_s.so.1. */
  readonly gcc: string;
}

/**
 * AL2: glibc 2.26 and GCC 7.3's runtime (libstdc++.so.6.0.24); AL2023: glibc 2.34 and GCC 11's
 * (libstdc++.so.6.0.29). Sources and the unconfirmed parts: docs/glibc-ceiling.md#ceilings.
 */
export const SYMBOL_CEILINGS: Readonly<Record<OsInfo['name'], SymbolCeiling>> = {
  AL2: { glibc: '2.26', glibcxx: '3.4.24', cxxabi: '1.3.11', gcc: '7.0.0' },
  AL2023: { glibc: '2.34', glibcxx: '3.4.29', cxxabi: '1.3.13', gcc: '7.0.0' },
};

/** Read by images/common/lsim-entry, which names the generation's audit module in LD_AUDIT and unsets it. */
export const GLIBC_CEILING_VARIABLE = 'LSIM_GLIBC_CEILING';

/** The container variable that turns the runtime id's ceiling on (lsim's own images only). */
export function glibcCeilingEnv(runtime: RuntimeId): Record<string, string> {
  return { [GLIBC_CEILING_VARIABLE]: runtimeInfo(runtime).os.name };
}

/** A version need the runtime's Amazon Linux cannot meet: the loader's "version `X' not found". */
export interface VersionAboveCeiling {
  /** The library that should define it, as the object names it (`libc.so.6`). */
  readonly library: string;
  readonly version: string;
}

/** glibc 2.36's mark for DT_RELR packed relocations, which glibc 2.34 and older lack. */
const DT_RELR_MARK = 'GLIBC_ABI_DT_RELR';

/**
 * The version needs (library → versions, as `.gnu.version_r` lists them) above `ceiling`, by the same
 * rule as the audit module images/base/glibc-ceiling/ceiling-audit.c applies at invoke, so that
 * `lsim doctor` and an invoke agree on the same file.
 */
export function versionsAboveCeiling(needs: ReadonlyMap<string, readonly string[]>, ceiling: SymbolCeiling): VersionAboveCeiling[] {
  const above: VersionAboveCeiling[] = [];
  for (const [library, versions] of needs) {
    for (const version of versions) {
      if (isAbove(version, ceiling)) above.push({ library, version });
    }
  }
  return above;
}

const PREFIXES: readonly (readonly [string, keyof SymbolCeiling])[] = [
  ['GLIBCXX_', 'glibcxx'],
  ['GLIBC_', 'glibc'],
  ['CXXABI_', 'cxxabi'],
  ['GCC_', 'gcc'],
];

function isAbove(version: string, ceiling: SymbolCeiling): boolean {
  if (version === DT_RELR_MARK) return compareDotted('2.36', ceiling.glibc) > 0;
  for (const [prefix, key] of PREFIXES) {
    if (!version.startsWith(prefix)) continue;
    const number = version.slice(prefix.length);
    // Only plain dotted numbers (GLIBC_PRIVATE, CXXABI_TM_1 are not releases).
    return /^\d+(\.\d+){0,2}$/.test(number) && compareDotted(number, ceiling[key]) > 0;
  }
  return false;
}

/** Numeric dotted comparison over the first three parts, as the audit module does: 2.28 > 2.3. */
export function compareDotted(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
