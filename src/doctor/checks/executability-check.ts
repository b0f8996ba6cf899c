import type { Finding } from '../finding.js';
import { listed } from '../finding.js';
import type { SandboxNode } from '../tree/sandbox-view.js';
import type { Check } from './check-context.js';

/** The function runs as sbx_user1051, owner of nothing: only the "other" bits count (path bug 7). */
const OTHER_READ = 0o004;
const OTHER_EXEC = 0o001;

// Extensions are extensions-check.ts's: it says how Init fails.
const isExecutablePlace = (path: string): boolean =>
  path === '/opt/bootstrap' || path === '/var/task/bootstrap' || path.startsWith('/opt/bin/');

const sources = (nodes: readonly SandboxNode[]): string => [...new Set(nodes.map((node) => node.source.label))].join(', ');

/** Files that must run but cannot, and files or folders the function cannot read. */
export const executabilityCheck: Check = ({ view }) => {
  const findings: Finding[] = [];
  const files = view.all().filter((node) => node.entry.type === 'file');
  const notExecutable = files.filter((node) => isExecutablePlace(node.path) && (node.entry.mode & OTHER_EXEC) === 0);
  const bootstraps = notExecutable.filter((node) => node.path.endsWith('/bootstrap') && node.path.split('/').length <= 4);
  const others = notExecutable.filter((node) => !bootstraps.includes(node));
  for (const node of bootstraps) {
    findings.push({
      severity: 'error',
      code: 'bootstrap-not-executable',
      message:
        `${node.path} (from ${node.source.label}) has mode ${octal(node.entry.mode)}, not executable by the function's ` +
        'user: a custom runtime fails with Runtime.InvalidEntrypoint, a language runtime ignores it.',
      fix: 'chmod 755 bootstrap before zipping (zips made on Windows or by some build tools drop the mode).',
      paths: [node.path],
    });
  }
  if (others.length > 0) {
    findings.push({
      severity: 'error',
      code: 'missing-exec-bit',
      message:
        `${listed(others.map((n) => n.path))} (from ${sources(others)}) cannot be executed by the function's user: ` +
        'running them fails with EACCES / "permission denied".',
      fix:
        'chmod 755 these files before zipping (zips made on Windows, by Gradle or Terraform archive_file often lose ' +
        'the mode), then publish the layer again.',
      paths: others.map((n) => n.path),
    });
  }
  const unreadable = view.all().filter((node) => {
    if (node.entry.type === 'file') return (node.entry.mode & OTHER_READ) === 0;
    if (node.entry.type === 'directory') return (node.entry.mode & (OTHER_READ | OTHER_EXEC)) !== (OTHER_READ | OTHER_EXEC);
    return false;
  });
  if (unreadable.length > 0) {
    findings.push({
      severity: 'error',
      code: 'not-world-readable',
      message:
        `${listed(unreadable.map((n) => n.path))} (from ${sources(unreadable)}) are not readable by the function's ` +
        'user (it owns nothing in /opt or /var/task): loading them fails with EACCES / "[Errno 13] Permission denied".',
      fix: 'Make files 644 (755 for executables) and folders 755 before zipping: `chmod -R a+rX <folder>`.',
      paths: unreadable.map((n) => n.path),
    });
  }
  return findings;
};

const octal = (mode: number): string => `0${mode.toString(8).padStart(3, '0')}`;
