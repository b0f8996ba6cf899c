import { runtimeInfo } from '../runtimes/runtime-catalogue.js';
import { effectiveSearchPaths, type SearchPath } from '../runtimes/search-paths.js';
import { bootstrapCheck } from './checks/bootstrap-check.js';
import type { Check, CheckContext } from './checks/check-context.js';
import { executabilityCheck } from './checks/executability-check.js';
import { extensionsCheck } from './checks/extensions/extensions-check.js';
import { importFindings } from './checks/imports-check.js';
import { javaClassVersionCheck } from './checks/java-class-version-check.js';
import { javaLayoutCheck } from './checks/java-layout-check.js';
import { limitsCheck } from './checks/limits-check.js';
import { nativeCodeCheck } from './checks/native-code-check.js';
import { nodeLayoutCheck } from './checks/node-layout-check.js';
import { nodeOptionsCheck } from './checks/node-options-check.js';
import { provenanceCheck } from './checks/provenance-check.js';
import { requireEsmFindings } from './checks/require-esm-check.js';
import { pythonLayoutCheck } from './checks/python-layout-check.js';
import { rubyLayoutCheck } from './checks/ruby-layout-check.js';
import { searchPathCheck } from './checks/search-path-check.js';
import type { DoctorArchitecture, DoctorSubject } from './doctor-subject.js';
import type { Finding, Severity } from './finding.js';
import { handlerImports } from './imports/handler-imports.js';
import type { ImportResolution } from './imports/module-resolver.js';
import { optProvenance, type ProvenanceEntry } from './tree/opt-provenance.js';
import { optTree } from './tree/opt-tree.js';
import { SandboxView } from './tree/sandbox-view.js';

/** The JSON of `lsim doctor --output json`; fields are only ever added, under a new schemaVersion if changed. */
export interface DoctorReport {
  readonly schemaVersion: 1;
  readonly subject: {
    readonly runtime: string;
    readonly architecture: DoctorArchitecture;
    readonly os: string;
    readonly glibc: string;
    readonly handler?: string | undefined;
    readonly code?: string | undefined;
    readonly layers: readonly string[];
  };
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number };
  /** Errors first, then warnings, then infos. */
  readonly findings: readonly Finding[];
  readonly searchPaths: readonly SearchPath[];
  readonly provenance: readonly ProvenanceEntry[];
  readonly handlerFile?: string | undefined;
  readonly imports: readonly ImportResolution[];
  /** Only with `tree: true`: the merged /opt, as `optTree` prints it. */
  readonly tree?: string | undefined;
}

export interface DiagnoseOptions {
  readonly tree?: boolean;
}

/** Every static check, in report order. */
const CHECKS: readonly Check[] = [
  limitsCheck,
  searchPathCheck,
  nodeLayoutCheck,
  nodeOptionsCheck,
  pythonLayoutCheck,
  rubyLayoutCheck,
  javaLayoutCheck,
  javaClassVersionCheck,
  bootstrapCheck,
  executabilityCheck,
  extensionsCheck,
  nativeCodeCheck,
  provenanceCheck,
];

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Everything the doctor can tell about a function without running it. Reads, never writes. */
export async function diagnose(subject: DoctorSubject, options: DiagnoseOptions = {}): Promise<DoctorReport> {
  const info = runtimeInfo(subject.runtime);
  const view = new SandboxView(subject);
  const searchPaths = effectiveSearchPaths(subject.runtime, subject.userEnv);
  const ctx: CheckContext = { subject, info, view, searchPaths };
  const findings: Finding[] = [];
  for (const check of CHECKS) findings.push(...(await check(ctx)));
  const imports = await handlerImports(ctx);
  findings.push(...importFindings(imports), ...(await requireEsmFindings(ctx, imports)));
  // A stable sort keeps each check's own order within a severity.
  findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const count = (severity: Severity): number => findings.filter((f) => f.severity === severity).length;
  return {
    schemaVersion: 1,
    subject: {
      runtime: subject.runtime,
      architecture: subject.architecture,
      os: info.os.name,
      glibc: info.os.glibc,
      handler: subject.handler,
      code: subject.code?.label,
      layers: subject.layers.map((layer) => layer.label),
    },
    summary: { errors: count('error'), warnings: count('warning'), infos: count('info') },
    findings,
    searchPaths,
    provenance: optProvenance(view),
    handlerFile: imports.handlerPath,
    imports: imports.resolutions,
    tree: options.tree === true ? optTree(view) : undefined,
  };
}
