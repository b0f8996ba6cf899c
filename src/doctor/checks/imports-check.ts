import type { Finding } from '../finding.js';
import type { HandlerImports } from '../imports/handler-imports.js';

/** Findings for a handler file that is not there and for imports that would not resolve. */
export function importFindings(imports: HandlerImports): Finding[] {
  const findings: Finding[] = [];
  if (imports.handlerMissing !== undefined) {
    findings.push({
      severity: 'error',
      code: 'handler-file-not-found',
      message: `The handler's file is not in the code or layers; the runtime tries ${imports.handlerMissing.join(', ')}.`,
      fix: 'Check the handler setting against the zip layout: the file must be at the root of the zip (or at the folder the handler names).',
      paths: [...imports.handlerMissing],
    });
  }
  for (const resolution of imports.resolutions) {
    if (resolution.status !== 'not-found') continue;
    const where = resolution.elsewhere.map((e) => `${e.path} exists, but ${e.why}`);
    findings.push({
      severity: 'error',
      code: 'import-not-found',
      message:
        `'${resolution.module}' would not be found: searched ${resolution.searched.join(', ')}.` +
        (where.length > 0 ? ` ${where.join('; ')}.` : ' No file of that name is in the code or layers.'),
      fix:
        where.length > 0
          ? 'Move it to one of the searched places (see the layout findings for the right folder in a layer zip).'
          : 'Add the package to the function zip or to a layer, in the folder the runtime searches.',
      paths: resolution.elsewhere.map((e) => e.path),
    });
  }
  return findings;
}
