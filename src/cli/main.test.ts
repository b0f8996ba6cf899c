import { describe, expect, it } from 'vitest';
import type { LambdaApi } from '../registry/lambda-api.js';
import { COMMANDS } from './commands/index.js';
import { main } from './main.js';
import { CapturedOutput } from './output.js';

/** Fails the test if a command opens the registry: parsing and help must never need it. */
const noApi = (): LambdaApi => {
  throw new Error('the registry must not be opened');
};

async function run(argv: string[]) {
  const output = new CapturedOutput();
  const code = await main(argv, { output, openApi: noApi, env: {}, cwd: '/' });
  return { code, ...output };
}

describe('main', () => {
  it('lists every command in --help', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const command of COMMANDS) expect(stdout).toContain(command.name);
  });

  it.each(COMMANDS.map((command) => [command.name, command] as const))('%s --help shows its example', async (name, command) => {
    const { code, stdout } = await run([name, '--help']);
    expect(code).toBe(0);
    expect(command.example.command.startsWith(`lsim ${name}`)).toBe(true);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain(command.example.description);
  });

  it('prints the version', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^lsim\/\d+\.\d+\.\d+ node\//);
  });

  it('names all missing required arguments, exit 252', async () => {
    const { code, stdout, stderr } = await run(['add-layer-version-permission', '--layer-name', 'x']);
    expect(code).toBe(252);
    expect(stdout).toBe('');
    expect(stderr).toContain('\n\nusage: lsim <command> [parameters]\n');
    expect(stderr).toContain(
      'lsim: [ERROR]: An error occurred (ParamValidation): the following arguments are required: --version-number, --statement-id, --action, --principal\n',
    );
  });

  it('rejects unknown options and commands, exit 252', async () => {
    const unknownOption = await run(['list-layers', '--foo', '1']);
    expect(unknownOption.code).toBe(252);
    expect(unknownOption.stderr).toContain('lsim: [ERROR]: Unknown options: --foo');
    const unknownCommand = await run(['frobnicate']);
    expect(unknownCommand.code).toBe(252);
    expect(unknownCommand.stderr).toContain("An error occurred (ParamValidation): argument operation: Found invalid choice 'frobnicate'\n");
    const none = await run([]);
    expect(none.code).toBe(252);
  });

  it('rejects a bad int, an unknown --output, --color and --query before any call', async () => {
    const badInt = await run(['get-layer-version', '--layer-name', 'x', '--version-number', 'one']);
    expect(badInt.code).toBe(252);
    expect(badInt.stderr).toContain("(ParamValidation): argument --version-number: invalid int value: 'one'");
    const badOutput = await run(['list-layers', '--output', 'xml']);
    expect(badOutput.code).toBe(252);
    expect(badOutput.stderr).toContain("argument --output: Found invalid choice 'xml'");
    expect((await run(['list-layers', '--color', 'blue'])).stderr).toContain("argument --color: Found invalid choice 'blue'");
    const badQuery = await run(['list-layers', '--query', '[']);
    expect(badQuery.code).toBe(252);
    expect(badQuery.stderr).toContain('Bad value for --query [: Invalid jmespath expression');
  });

  it('takes the output format from AWS_DEFAULT_OUTPUT and the profile, the flag first', async () => {
    const output = new CapturedOutput();
    const env = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_DEFAULT_OUTPUT: 'text' };
    const openApi = () =>
      ({ listLayers: () => ({ Layers: [{ LayerName: 'a', LayerArn: 'arn' }] }), close: () => {} }) as unknown as LambdaApi;
    expect(await main(['list-layers'], { output, openApi, env, cwd: '/' })).toBe(0);
    expect(output.stdout).toBe('LAYERS\tarn\ta\n');
    const unknownProfile = await main(['list-layers', '--profile', 'nope'], { output, openApi, env, cwd: '/' });
    expect(unknownProfile).toBe(255);
    expect(output.stderr).toContain('The config profile (nope) could not be found');
  });

  it('reports a missing Content before opening the registry', async () => {
    const { code, stderr } = await run(['publish-layer-version', '--layer-name', 'x']);
    expect(code).toBe(252);
    expect(stderr).toBe(
      '\nlsim: [ERROR]: An error occurred (ParamValidation): Parameter validation failed:\nMissing required parameter in input: "Content"\n',
    );
  });

  it('renders a failing registry as a bug, exit 255', async () => {
    const { code, stderr } = await run(['list-layers']);
    expect(code).toBe(255);
    expect(stderr).toContain('lsim: unexpected error: the registry must not be opened');
  });

  it('prints bash and zsh completion of every command and its options', async () => {
    const bash = await run(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -o default -F _lsim lsim');
    for (const command of COMMANDS) expect(bash.stdout).toContain(command.name);
    expect(bash.stdout).toContain('publish-layer-version) opts="--layer-name');
    expect(bash.stdout).toContain('--output --query');
    expect((await run(['completion', 'zsh'])).stdout).toMatch(/^#compdef lsim\n/);
    expect((await run(['completion', 'fish'])).code).toBe(252);
  });
});
