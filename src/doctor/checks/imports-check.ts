import type { Finding } from '../finding.js';
import type { RuntimeErrorText } from '../../runtimes/handler-name.js';
import type { HandlerImports } from '../imports/handler-imports.js';

/** `Type: message` as the runtime's log line starts; Java's has no type. */
const errorLine = ({ errorType, errorMessage }: RuntimeErrorText): string =>
  errorType === null ? errorMessage : `${errorType}: ${errorMessage}`;

/** Findings for a handler setting the runtime cannot read or find, and for imports that would not resolve. */
export function importFindings(imports: HandlerImports): Finding[] {
  const findings: Finding[] = [];
  if (imports.handlerMalformed !== undefined) {
    findings.push({
      severity: 'error',
      code: 'handler-malformed',
      message: `The handler setting is not of the form ${imports.handlerMalformed.form}; the runtime fails with ${errorLine(imports.handlerMalformed.error)}`,
      fix: `Set the handler to ${imports.handlerMalformed.form}, as the function's code names it.`,
      paths: [],
    });
  }
  if (imports.handlerMissing !== undefined) {
    const fails = imports.handlerMissingError === undefined ? '' : ` It fails with ${errorLine(imports.handlerMissingError)}`;
    findings.push({
      severity: 'error',
      code: 'handler-file-not-found',
      message: `The handler's file is not in the code or layers; the runtime tries ${imports.handlerMissing.join(', ')}.${fails}`,
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
