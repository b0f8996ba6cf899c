import type { DoctorReport } from '../../../src/doctor/diagnose.js';
import type { Finding } from '../../../src/doctor/finding.js';

/** The report's finding with this code; a test that expects one fails naming the codes there were. */
export const finding = (report: DoctorReport, code: string): Finding => {
  const found = report.findings.find((f) => f.code === code);
  if (found === undefined) throw new Error(`no ${code} in ${report.findings.map((f) => f.code).join(', ')}`);
  return found;
};

export const codes = (report: DoctorReport): string[] => report.findings.map((f) => f.code);
