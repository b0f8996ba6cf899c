import { readFileSync } from 'node:fs';
import { resolveConfig } from '../common/config.js';
import { ArgReader } from './arg-reader.js';
import { COMMANDS } from './commands/index.js';
import type { CommandDefinition } from './command-definition.js';
import { CliContext, openRegistry, type ApiFactory, type Env } from './context.js';
import { EXIT } from './exit-codes.js';
import { formatJson, processOutput, type Output } from './output.js';
import { parseCommandLine } from './parse-command-line.js';
import { renderError } from './render-error.js';

export interface MainDeps {
  readonly output?: Output;
  readonly env?: Env;
  readonly cwd?: string;
  /** Opens the control plane; defaults to the SQLite registry under LSIM_HOME. */
  readonly openApi?: ApiFactory;
  readonly commands?: readonly CommandDefinition[];
}

function packageVersion(): string {
  // src/cli and dist/cli are both two levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `lsim/${pkg.version} node/${process.versions.node} ${process.platform}/${process.arch}`;
}

/** Runs one lsim command line and returns its exit code; never exits the process. */
export async function main(argv: readonly string[], deps: MainDeps = {}): Promise<number> {
  const output = deps.output ?? processOutput;
  const env = deps.env ?? process.env;
  const cwd = deps.cwd ?? process.cwd();
  const debug = argv.includes('--debug');
  let parsed;
  try {
    parsed = await parseCommandLine(argv, deps.commands ?? COMMANDS, packageVersion());
  } catch (error) {
    const rendered = renderError(error, undefined, debug);
    output.err(rendered.stderr);
    return rendered.exitCode;
  }
  if (parsed.kind === 'text') {
    output.out(`${parsed.text}\n`);
    return EXIT.ok;
  }
  const { command, args } = parsed;
  const region = typeof args.region === 'string' ? args.region : undefined;
  const ctx = new CliContext(resolveConfig({ region }, env), cwd, env, debug, output, deps.openApi ?? openRegistry);
  try {
    ctx.debugLog(`calling ${command.operation} (home ${ctx.config.home}, region ${ctx.config.region})`);
    const response = await command.handler(new ArgReader(args, { cwd, env }), ctx);
    if (response !== undefined) output.out(formatJson(response));
    return EXIT.ok;
  } catch (error) {
    const rendered = renderError(error, command.operation, debug);
    output.err(rendered.stderr);
    return rendered.exitCode;
  } finally {
    await ctx.close();
  }
}
