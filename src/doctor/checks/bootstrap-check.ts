import { posix } from 'node:path';
import { CUSTOM_BOOTSTRAP_CANDIDATES } from '../../runtimes/families/provided.js';
import type { Finding } from '../finding.js';
import type { Check } from './check-context.js';

/**
 * Custom runtimes start /var/task/bootstrap, else /opt/bootstrap (path bug 9; docs/lambda-facts.md#custom-runtime-bootstrap):
 * a bootstrap anywhere else is never found.
 */
export const bootstrapCheck: Check = ({ subject, info, view }) => {
  if (info.family !== 'provided') return [];
  if (CUSTOM_BOOTSTRAP_CANDIDATES.some((path) => view.exists(path))) return [];
  const candidates = CUSTOM_BOOTSTRAP_CANDIDATES.join(' or ');
  const elsewhere = view
    .all()
    .filter((node) => node.entry.type !== 'directory' && posix.basename(node.path) === 'bootstrap')
    .map((node) => node.path);
  if (elsewhere.length > 0) {
    return [
      {
        severity: 'error',
        code: 'bootstrap-not-at-root',
        message:
          `There is a bootstrap at ${elsewhere.join(', ')}, but ${info.id} only starts ${candidates}: ` +
          'invoke fails with Runtime.InvalidEntrypoint "Couldn\'t find valid bootstrap(s)".',
        fix: 'Put the bootstrap file at the root of the function zip or of a layer zip (not in a sub-folder), with mode 0755.',
        paths: elsewhere,
      },
    ];
  }
  if (subject.code === undefined) return [];
  const missing: Finding = {
    severity: 'error',
    code: 'bootstrap-missing',
    message: `Neither the function code nor any layer has a bootstrap file, which ${info.id} needs to start.`,
    fix: 'Add an executable bootstrap at the root of the function zip or of a layer zip.',
    paths: [...CUSTOM_BOOTSTRAP_CANDIDATES],
  };
  return [missing];
};
