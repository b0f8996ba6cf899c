/**
 * Test support for the doctor: zips built with the archive's own writer, extracted through a real
 * ExtractionCache in a throwaway home, turned into TreeSources. Not used by lsim itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeZip, type ZipSpecEntry } from '../../../src/archive/zip-writer.js';
import { ExtractionCache } from '../../../src/execution/extraction-cache.js';
import type { RuntimeId } from '../../../src/runtimes/runtime-catalogue.js';
import type { DoctorArchitecture, DoctorSubject, TreeSource } from '../../../src/doctor/doctor-subject.js';
import { loadTreeSource } from '../../../src/doctor/tree/load-tree-source.js';
import type { LayerMetadata } from '../../../src/doctor/tree/tree-source-from-dir.js';

export class DoctorFixture {
  readonly home = mkdtempSync(join(tmpdir(), 'lsim-doctor-'));
  readonly cache = new ExtractionCache(this.home);
  private count = 0;

  /** A zip of `entries` as a TreeSource labelled `label`. Files default to mode 0644. */
  async zip(label: string, entries: readonly ZipSpecEntry[], metadata: LayerMetadata = {}): Promise<TreeSource> {
    const withModes = entries.map((e) => ({ mode: e.type === 'directory' ? 0o755 : 0o644, ...e }));
    const path = join(this.home, `fixture-${(this.count += 1)}.zip`);
    writeFileSync(path, makeZip(withModes));
    return loadTreeSource(label, path, this.cache, metadata);
  }

  subject(runtime: RuntimeId, parts: Partial<Omit<DoctorSubject, 'runtime'>> = {}): DoctorSubject {
    const architecture: DoctorArchitecture = parts.architecture ?? 'x86_64';
    return { layers: [], userEnv: {}, ...parts, runtime, architecture };
  }
}
