import { UsageError } from '../usage-error.js';
import { CommandOutcome, type CommandDefinition } from '../command-definition.js';

export const completion: CommandDefinition = {
  name: 'completion',
  describe: 'Prints a shell completion script for lsim (bash or zsh), generated from the command definitions.',
  operation: 'Completion',
  textOutput: true,
  example: { command: 'lsim completion bash > /etc/bash_completion.d/lsim', description: 'To complete lsim commands and options in bash' },
  positionals: [{ name: 'shell', describe: 'bash or zsh.' }],
  options: {},
  async handler(args) {
    const shell = args.positional('shell');
    if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`argument shell: Found invalid choice '${shell}'\n`);
    // Loaded here: the command list imports this command.
    const [{ COMMANDS }, { GLOBAL_OPTIONS }, { completionScript }] = await Promise.all([
      import('./index.js'),
      import('../parse-command-line.js'),
      import('./completion-script.js'),
    ]);
    return new CommandOutcome({ text: completionScript(shell, COMMANDS, Object.keys(GLOBAL_OPTIONS)) });
  },
};
