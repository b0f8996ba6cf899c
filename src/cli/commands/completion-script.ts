import type { CommandDefinition } from '../command-definition.js';

/**
 * A shell completion script for `lsim`, generated from the command definitions: the command names
 * first, then each command's options and the global ones. zsh runs the same function through
 * bashcompinit, which every zsh ships.
 */
export function completionScript(shell: 'bash' | 'zsh', commands: readonly CommandDefinition[], globals: readonly string[]): string {
  const flags = (names: readonly string[]): string => names.map((name) => `--${name}`).join(' ');
  const cases = commands
    .map(
      (command) =>
        `    ${command.name}) opts="${flags(Object.keys(command.options).filter((name) => command.options[name]?.hidden !== true))}" ;;`,
    )
    .join('\n');
  const body = `_lsim() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((command) => command.name).join(' ')}" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$opts ${flags(globals)}" -- "$cur"))
}
complete -o default -F _lsim lsim
`;
  return shell === 'bash' ? body : `#compdef lsim\nautoload -U +X bashcompinit && bashcompinit\n${body}`;
}
