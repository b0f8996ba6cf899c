import yargs, { type Argv, type Options } from 'yargs';
import type { CommandDefinition, OptionSpec } from './command-definition.js';
import { hasSkeleton, skeletonKind } from './skeleton/print-skeleton.js';
import { unsimulatedOptions } from './skeleton/unsimulated-options.js';
import { UsageError } from './usage-error.js';

/** Added to the commands that mirror an aws lambda operation with a skeleton (not invoke, not lsim's own). */
const SKELETON_OPTION: Options = {
  type: 'string',
  describe: 'Print a request skeleton (input, the default, or yaml-input) or a sample response (output) and exit.',
};

/**
 * Thrown by the chosen command's middleware, after yargs validated the command line and before it
 * runs a command handler: yargs renders the whole help text before every handler it runs (in case a
 * later failure wants it, `cacheHelpMessage` in yargs' lib/command.js), even a default one, which
 * was a tenth of a publish's CPU under the profiler (docs/publish-serve-speed.md).
 */
class CommandSelected {
  constructor(
    readonly command: CommandDefinition,
    readonly args: Record<string, unknown>,
  ) {}
}

export type ParsedCommandLine =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'command'; readonly command: CommandDefinition; readonly args: Record<string, unknown> };

/**
 * Options every command accepts: the aws CLI's global options (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-options.html)
 * and lsim's own. Choices are checked in main, worded as the aws CLI words them.
 */
export const GLOBAL_OPTIONS: Readonly<Record<string, Options>> = {
  region: { type: 'string', describe: 'The region of the ARNs lsim builds (else AWS_REGION, AWS_DEFAULT_REGION, the profile, us-east-1).' },
  profile: { type: 'string', describe: 'The aws CLI profile (~/.aws/config) to read region and output from (else AWS_PROFILE).' },
  output: {
    type: 'string',
    describe: 'The output format: json, text, table, yaml, yaml-stream or off (else AWS_DEFAULT_OUTPUT, the profile, json).',
  },
  query: { type: 'string', describe: 'A JMESPath query to apply to the response.' },
  color: { type: 'string', describe: 'Color in table output: on, off or auto (a terminal).' },
  'no-paginate': { type: 'boolean', describe: 'Make a single API call and print its raw response (with NextMarker).' },
  'no-cli-pager': { type: 'boolean', describe: "Accepted for the aws CLI's sake: lsim never pages its output." },
  'cli-binary-format': { type: 'string', describe: 'raw-in-base64-out (lsim default: --payload is raw JSON) or base64.' },
  'cli-input-json': { type: 'string', describe: 'The request as JSON (API member names); options given on the command line win.' },
  'cli-input-yaml': { type: 'string', describe: 'The request as YAML (API member names); options given on the command line win.' },
  debug: { type: 'boolean', describe: 'Print debug logs and the stack trace of errors.' },
  'docker-host': { type: 'string', describe: 'The Docker engine to run functions on (else DOCKER_HOST, else the local socket).' },
};

function yargsOption(spec: OptionSpec): Options {
  const describe = spec.required === true ? `${spec.describe} [required]` : spec.describe;
  const base: Options = { describe, hidden: spec.hidden === true, ...(spec.short === undefined ? {} : { alias: spec.short }) };
  if (spec.kind === 'boolean') return { ...base, type: 'boolean' };
  if (spec.kind === 'list') return { ...base, type: 'string', array: true };
  // One value per occurrence, so a positional argument after it is not taken as another value.
  if (spec.kind === 'repeated') return { ...base, type: 'string', array: true, nargs: 1 };
  return { ...base, type: 'string' };
}

/** yargs names unknown options without their dashes; show them as typed, like `Unknown options: --foo`. */
function translateFailure(message: string, argv: readonly string[], commands: readonly CommandDefinition[]): string {
  const names = new Set(commands.map((command) => command.name));
  const missingPositional = /^Not enough non-option arguments: got \d+, need at least \d+$/.exec(message);
  if (missingPositional !== null) {
    const command = commands.find((candidate) => argv.includes(candidate.name));
    const wanted = (command?.positionals ?? []).map((positional) => positional.name).join(', ');
    return `the following arguments are required: ${wanted}`;
  }
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (unknown !== null) {
    const firstWord = argv.find((word) => !word.startsWith('-'));
    if (!argv.some((word) => names.has(word)) && firstWord !== undefined) {
      return `argument operation: Found invalid choice '${firstWord}'\n`;
    }
    const items = (unknown[1] ?? '').split(', ').map((item) => (argv.includes(`--${item}`) ? `--${item}` : item));
    return `Unknown options: ${items.join(', ')}`;
  }
  return message;
}

function buildParser(commands: readonly CommandDefinition[], version: string): Argv {
  let parser = yargs()
    .scriptName('lsim')
    .usage('lsim <command> [parameters]\n\nA local simulator of AWS Lambda layers, with the commands of `aws lambda`.')
    .parserConfiguration({
      'camel-case-expansion': false,
      'dot-notation': false,
      // Repeatable options (`--layer a --layer b`) need every occurrence; ArgReader keeps the last one
      // of a scalar option, as the aws CLI does.
      'duplicate-arguments-array': true,
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'boolean-negation': false,
      'greedy-arrays': true,
    })
    .options(GLOBAL_OPTIONS)
    .strict()
    .exitProcess(false)
    .showHelpOnFail(false)
    .wrap(100)
    .version(version)
    .help()
    .demandCommand(1, 'the following arguments are required: command')
    .fail((message: string | undefined, error: Error | undefined) => {
      throw new UsageError(message ?? error?.message ?? 'invalid command line');
    });
  for (const command of commands) {
    const positionals = (command.positionals ?? []).map((positional) => ` <${positional.name}>`).join('');
    parser = parser.command(command.name + positionals, command.describe, (builder) => {
      for (const [name, spec] of Object.entries(command.options)) builder.option(name, yargsOption(spec));
      if (hasSkeleton(command.operation)) builder.option('generate-cli-skeleton', SKELETON_OPTION);
      for (const [name, option] of unsimulatedOptions(command)) {
        builder.option(name, option.boolean ? { type: 'boolean', hidden: true } : { type: 'string', array: true, hidden: true });
      }
      for (const positional of command.positionals ?? []) {
        builder.positional(positional.name, { type: 'string', describe: positional.describe });
      }
      // An epilog, not .example(): yargs squeezes examples into two columns and breaks long command lines.
      const { command: line, description } = command.example;
      // A middleware that leaves by throwing, not a command handler: see CommandSelected.
      return builder
        .usage(`lsim ${command.name} [parameters]\n\n${command.describe}`)
        .epilog(`Examples:\n  ${description}\n\n    ${line}`)
        .middleware((args) => {
          throw new CommandSelected(command, args);
        });
    });
  }
  return parser;
}

/**
 * Parses argv into the command to run and its raw option values, or the text of `--help` /
 * `--version`. Parser errors and missing required options throw UsageError with aws's wording.
 */
export async function parseCommandLine(
  argv: readonly string[],
  commands: readonly CommandDefinition[],
  version: string,
): Promise<ParsedCommandLine> {
  let selected: CommandSelected | undefined;
  let text = '';
  // When the first word names a command, yargs needs only that one: building all of them costs a
  // noticeable part of every `lsim` start-up. Top-level help and unknown commands get the full list.
  const named = commands.filter((command) => command.name === argv[0]);
  const parser = buildParser(named.length === 1 ? named : commands, version);
  try {
    await parser.parseAsync([...argv], {}, (_error, _args, output) => {
      text = output;
    });
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(translateFailure(error.message, argv, commands));
    if (!(error instanceof CommandSelected)) throw error;
    selected = error;
  }
  // `<command> --help` selects the command too, but prints its help instead of running it.
  if (selected === undefined || text !== '') return { kind: 'text', text };
  const { command, args } = selected;
  const skeleton = typeof args['generate-cli-skeleton'] === 'string' ? skeletonKind(args['generate-cli-skeleton']) : undefined;
  const missing = Object.entries(command.options)
    .filter(([name, spec]) => spec.required === true && args[name] === undefined)
    .map(([name]) => `--${name}`);
  if (
    missing.length > 0 &&
    // The input skeletons need no arguments; `output` checks them as a real call would.
    (skeleton === undefined || skeleton === 'output') &&
    args['cli-input-json'] === undefined &&
    args['cli-input-yaml'] === undefined
  ) {
    throw new UsageError(`the following arguments are required: ${missing.join(', ')}`);
  }
  return { kind: 'command', command, args };
}
