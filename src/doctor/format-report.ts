import type { DoctorReport } from './diagnose.js';
import type { Severity } from './finding.js';

const HEADINGS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/** The human report: what was checked, then findings by severity, each with its fix. */
export function formatReport(report: DoctorReport): string {
  const { subject, summary } = report;
  const lines: string[] = [];
  lines.push(`lsim doctor: ${subject.runtime} (${subject.os}, glibc ${subject.glibc}) on ${subject.architecture}`);
  if (subject.handler !== undefined)
    lines.push(`  handler  ${subject.handler}${report.handlerFile === undefined ? '' : ` -> ${report.handlerFile}`}`);
  if (subject.code !== undefined) lines.push(`  code     ${subject.code}`);
  subject.layers.forEach((layer, i) => lines.push(`  layer ${i + 1}  ${layer}`));

  lines.push('', 'Search paths in effect:');
  for (const path of report.searchPaths) {
    const searched = path.entries.filter((e) => e.removedByUser !== true).map((e) => e.path);
    const removed = path.entries.filter((e) => e.removedByUser === true).map((e) => e.path);
    lines.push(`  ${path.variable}: ${searched.join(':') || '(empty)'}`);
    if (removed.length > 0) lines.push(`    removed by the function's environment: ${removed.join(', ')}`);
  }

  if (report.provenance.length > 0) {
    lines.push('', '/opt provenance:');
    for (const entry of report.provenance) {
      const others = entry.layers.filter((l) => l !== entry.winner);
      lines.push(`  ${entry.path}  <- ${entry.winner}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`);
    }
  }

  if (report.imports.length > 0) {
    lines.push('', 'Imports:');
    for (const item of report.imports) {
      const where =
        item.status === 'found'
          ? (item.resolvedPath ?? '')
          : item.status === 'runtime'
            ? '(provided by the runtime)'
            : item.status === 'unchecked'
              ? '(not checked for this runtime)'
              : 'NOT FOUND';
      lines.push(`  ${item.module}  ${where}`);
    }
  }

  for (const severity of ['error', 'warning', 'info'] as const) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    lines.push('', `${HEADINGS[severity]}:`);
    for (const finding of findings) {
      lines.push(`  [${finding.code}] ${finding.message}`, `    fix: ${finding.fix}`);
    }
  }

  if (report.tree !== undefined) lines.push('', report.tree.trimEnd());
  lines.push(
    '',
    summary.errors + summary.warnings + summary.infos === 0
      ? 'No problems found.'
      : `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} note(s).`,
  );
  return `${lines.join('\n')}\n`;
}
