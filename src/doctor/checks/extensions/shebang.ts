/**
 * A script's `#!` line as Linux reads it when Lambda execs the file (docs/doctor-extensions.md#scripts):
 * the interpreter runs up to the first space or tab, the rest of the line is one argument, and only
 * `\n` ends the line, so a `\r` of Windows line endings stays in the name the kernel looks up.
 */

/** Linux reads this much of a script's head for its `#!` line (BINPRM_BUF_SIZE since 5.1). */
export const SHEBANG_BYTES = 256;

export interface Shebang {
  /** As the kernel looks it up, `\r` included. */
  readonly interpreter: string;
  /** The rest of the line, one argument, or undefined when there is none. */
  readonly argument: string | undefined;
}

export function parseShebang(head: Buffer): Shebang | undefined {
  if (head.length < 2 || head[0] !== 0x23 || head[1] !== 0x21) return undefined;
  const end = head.indexOf(0x0a);
  const line = head.toString('latin1', 2, end < 0 ? head.length : end).replace(/^[ \t]+/, '');
  const match = /^([^ \t]*)[ \t]*(.*)$/s.exec(line);
  const interpreter = match?.[1] ?? '';
  const rest = (match?.[2] ?? '').replace(/[ \t]+$/, '');
  return { interpreter, argument: rest === '' ? undefined : rest };
}

/**
 * The program `/usr/bin/env <argument>` looks up on PATH: the argument itself (Linux passes the whole
 * rest of the line as one), or the first word after `-S`, which splits it. Undefined for other env
 * options, whose effect the doctor does not model.
 */
export function envProgram(argument: string | undefined): string | undefined {
  if (argument === undefined) return undefined;
  const split = /^-S[ \t]*(.*)$/s.exec(argument);
  if (split !== null) return (split[1] ?? '').split(/[ \t]+/).find((word) => word !== '' && !word.includes('='));
  return argument.startsWith('-') ? undefined : argument;
}

export const isEnv = (interpreter: string): boolean => interpreter === '/usr/bin/env' || interpreter === '/bin/env';
