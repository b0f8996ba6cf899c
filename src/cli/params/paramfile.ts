import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandPath } from './expand-path.js';
import { paramError } from './param-error.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ParamfileContext {
  readonly cwd: string;
  readonly env: Env;
}

const PYTHON_ERRNO: Readonly<Record<string, string>> = {
  ENOENT: '[Errno 2] No such file or directory',
  EACCES: '[Errno 13] Permission denied',
  EPERM: '[Errno 1] Operation not permitted',
  ENOTDIR: '[Errno 20] Not a directory',
  EISDIR: '[Errno 21] Is a directory',
};

const errnoCode = (error: unknown): string =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'EIO';

/** Python's `str(OSError)`: `[Errno 2] No such file or directory: 'x.zip'`. */
function pythonOsError(code: string, path: string): string {
  const text = PYTHON_ERRNO[code] ?? `[Errno 5] Input/output error (${code})`;
  return `${text}: '${path}'`;
}

/**
 * Checks that `fileb://PATH` / `file://PATH` names a readable regular file and returns its absolute
 * path, failing exactly as the aws CLI does when it opens the file.
 */
export function openableFile(cliName: string, value: string, prefix: string, ctx: ParamfileContext): string {
  const path = expandPath(value.slice(prefix.length), ctx.env);
  const absolute = resolve(ctx.cwd, path);
  try {
    if (statSync(absolute).isDirectory()) {
      throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    }
    accessSync(absolute, constants.R_OK);
  } catch (error) {
    throw paramError(cliName, `Unable to load paramfile ${value}: ${pythonOsError(errnoCode(error), path)}`);
  }
  return absolute;
}

/**
 * The aws CLI reads `file://` and `fileb://` values of any parameter and uses the file's content as
 * the value, verbatim (no trimming). Other values pass through unchanged.
 */
export function resolveParamfile(cliName: string, value: string, ctx: ParamfileContext): string {
  const prefix = value.startsWith('file://') ? 'file://' : value.startsWith('fileb://') ? 'fileb://' : undefined;
  if (prefix === undefined) return value;
  const absolute = openableFile(cliName, value, prefix, ctx);
  const bytes = readFileSync(absolute);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const path = expandPath(value.slice(prefix.length), ctx.env);
    throw paramError(
      cliName,
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, ` +
        'please use the fileb:// prefix instead of the file:// prefix.',
    );
  }
}
