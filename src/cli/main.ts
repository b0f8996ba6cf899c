import { readFileSync } from 'node:fs';
import { resolveConfig } from '../common/config.js';
import { ArgReader } from './arg-reader.js';
import { COMMANDS } from './commands/index.js';
import { CommandOutcome, type CommandDefinition } from './command-definition.js';
import { CliContext, openRegistry, type ApiFactory, type Env } from './context.js';
import { EXIT } from './exit-codes.js';
import { watchInterruptSignals } from './interrupt-signals.js';
import { formatJson, processOutput, type Output } from './output.js';
import { resolveOutputSettings, type OutputSettings } from './output-format/output-settings.js';
import { formatResponse } from './output-format/format-response.js';
import { mergeCliInput } from './params/cli-input.js';
import { loadStructureShapes } from './params/structure-shape.js';
import { parseCommandLine } from './parse-command-line.js';
import { inputSkeleton, outputSkeleton, skeletonKind } from './skeleton/print-skeleton.js';
import { refuseUnsimulated } from './skeleton/unsimulated-options.js';
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
  const dockerHost = typeof args['docker-host'] === 'string' ? args['docker-host'] : undefined;
  // Only a given flag counts: its absence leaves LSIM_PREFER_AWS_IMAGES in charge.
  const preferAwsImages = args['prefer-aws-images'] === true ? true : undefined;
  const interrupt = new AbortController();
  const stopWatching = command.interruptible === true ? watchInterruptSignals(interrupt) : undefined;
  let config;
  let settings: OutputSettings;
  try {
    const profile = typeof args.profile === 'string' ? args.profile : undefined;
    const outputFlag = typeof args.output === 'string' ? args.output : undefined;
    config = resolveConfig({ region, dockerHost, profile, output: outputFlag, preferAwsImages }, env);
    settings = resolveOutputSettings(args, config, command, output);
  } catch (error) {
    const rendered = renderError(error, command.operation, debug);
    output.err(rendered.stderr);
    return rendered.exitCode;
  }
  const ctx = new CliContext(config, cwd, env, debug, output, deps.openApi ?? openRegistry, interrupt.signal);
  const print = (value: unknown): void => {
    if (settings.format === undefined) output.out(formatJson(value));
    else output.out(formatResponse(value, { ...settings, format: settings.format, operation: command.operation }));
  };
  try {
    ctx.debugLog(`calling ${command.operation} (home ${ctx.config.home}, region ${ctx.config.region})`);
    const listNames = new Set(
      Object.entries(command.options)
        .filter(([, spec]) => spec.kind === 'list' || spec.kind === 'repeated')
        .map(([name]) => name),
    );
    const skeleton = typeof args['generate-cli-skeleton'] === 'string' ? args['generate-cli-skeleton'] : undefined;
    if (skeleton !== undefined) {
      const kind = skeletonKind(skeleton);
      if (kind === 'output') print(outputSkeleton(command.operation));
      else output.out(inputSkeleton(command.operation, kind));
      return EXIT.ok;
    }
    refuseUnsimulated(command, args);
    const merged = mergeCliInput(command, args, { cwd, env });
    const structures = await loadStructureShapes(command.options, merged);
    const response = await command.handler(new ArgReader(merged, { cwd, env }, listNames, structures), ctx);
    if (response instanceof CommandOutcome) {
      if (response.result.json !== undefined) print(response.result.json);
      if (response.result.text !== undefined) output.out(response.result.text);
      return response.result.exitCode ?? EXIT.ok;
    }
    if (response !== undefined) print(response);
    return EXIT.ok;
  } catch (error) {
    if (interrupt.signal.aborted) return EXIT.interrupted;
    const rendered = renderError(error, command.operation, debug, config.home);
    output.err(rendered.stderr);
    return rendered.exitCode;
  } finally {
    stopWatching?.();
    await ctx.close();
  }
}
