import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultImagesDir } from '../images/images-dir.js';
import { SYMBOL_CEILINGS, compareDotted, glibcCeilingEnv, versionsAboveCeiling } from './glibc-ceiling.js';

const needs = (entries: Record<string, string[]>): ReadonlyMap<string, readonly string[]> => new Map(Object.entries(entries));

describe('versionsAboveCeiling', () => {
  it('holds glibc, libstdc++, its C++ ABI and libgcc_s to the generation', () => {
    const jq = needs({ 'libc.so.6': ['GLIBC_2.2.5', 'GLIBC_2.14', 'GLIBC_2.34'], 'libm.so.6': ['GLIBC_2.29'] });
    expect(versionsAboveCeiling(jq, SYMBOL_CEILINGS.AL2023)).toEqual([]);
    expect(versionsAboveCeiling(jq, SYMBOL_CEILINGS.AL2)).toEqual([
      { library: 'libc.so.6', version: 'GLIBC_2.34' },
      { library: 'libm.so.6', version: 'GLIBC_2.29' },
    ]);
    const cxx = needs({
      'libstdc++.so.6': ['GLIBCXX_3.4.29', 'GLIBCXX_3.4.30', 'CXXABI_1.3.13', 'CXXABI_1.3.14'],
      'libgcc_s.so.1': ['GCC_12.0.0'],
    });
    expect(versionsAboveCeiling(cxx, SYMBOL_CEILINGS.AL2023).map((v) => v.version)).toEqual([
      'GLIBCXX_3.4.30',
      'CXXABI_1.3.14',
      'GCC_12.0.0',
    ]);
  });

  it("counts glibc 2.36's DT_RELR mark and ignores names that are no release", () => {
    const relr = needs({ 'libc.so.6': ['GLIBC_ABI_DT_RELR', 'GLIBC_PRIVATE'], 'libstdc++.so.6': ['CXXABI_TM_1'] });
    expect(versionsAboveCeiling(relr, SYMBOL_CEILINGS.AL2023)).toEqual([{ library: 'libc.so.6', version: 'GLIBC_ABI_DT_RELR' }]);
  });

  it('compares numerically', () => {
    expect(compareDotted('2.28', '2.3')).toBeGreaterThan(0);
    expect(compareDotted('2.26', '2.26.0')).toBe(0);
  });
});

describe('the audit modules', () => {
  // The image compiles the same numbers into its two audit modules: this list and that file must agree.
  it('are built with the ceilings of SYMBOL_CEILINGS', () => {
    const dockerfile = readFileSync(`${defaultImagesDir()}/base/Dockerfile`, 'utf8').replaceAll('\\\n', ' ');
    const encode = (version: string): string => {
      const [a = '0', b = '0', c = '0'] = version.split('.');
      return String((Number(a) * 1000 + Number(b)) * 1000 + Number(c));
    };
    for (const [os, ceiling] of Object.entries(SYMBOL_CEILINGS)) {
      const flags = new RegExp(`-o \\$out/${os}\\.so (?:\\$libc)?\\s+(-D[^$]+)\\$src`).exec(dockerfile)?.[1]?.trim();
      expect(flags).toBe(
        `-DCEIL_GLIBC=${encode(ceiling.glibc)} -DCEIL_GLIBCXX=${encode(ceiling.glibcxx)} ` +
          `-DCEIL_CXXABI=${encode(ceiling.cxxabi)} -DCEIL_GCC=${encode(ceiling.gcc)}`,
      );
    }
  });

  it('are named per runtime id by its Amazon Linux generation', () => {
    expect(glibcCeilingEnv('python3.12')).toEqual({ LSIM_GLIBC_CEILING: 'AL2023' });
    expect(glibcCeilingEnv('provided.al2')).toEqual({ LSIM_GLIBC_CEILING: 'AL2' });
    expect(glibcCeilingEnv('nodejs18.x')).toEqual({ LSIM_GLIBC_CEILING: 'AL2' });
  });
});
