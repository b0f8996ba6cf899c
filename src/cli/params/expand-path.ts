import { homedir } from 'node:os';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Python's `os.path.expandvars(os.path.expanduser(p))`, which the aws CLI applies to paramfile
 * paths: `~` is the home directory, `$NAME`/`${NAME}` are replaced when set and kept otherwise.
 */
export function expandPath(path: string, env: Env): string {
  const home = env.HOME ?? homedir();
  const withHome = path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
  return withHome.replace(/\$(\w+)|\$\{([^}]*)\}/g, (whole, bare: string | undefined, braced: string | undefined) => {
    const value = env[bare ?? braced ?? ''];
    return value ?? whole;
  });
}
