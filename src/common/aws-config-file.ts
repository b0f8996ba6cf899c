import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** A profile's settings from the aws CLI's config file, keys lower-cased as botocore reads them. */
export type ProfileSettings = Readonly<Record<string, string>>;

/**
 * The aws CLI's shared config file (`AWS_CONFIG_FILE`, else `~/.aws/config`), as botocore's
 * configloader reads it: INI sections `[default]` and `[profile NAME]`, `key = value` lines, `#` and
 * `;` comment lines; an indented line continues a nested block (`s3 =`), which lsim skips.
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
 */
export function readAwsProfiles(env: Env, readFile: (path: string) => string | undefined = readIfPresent): Map<string, ProfileSettings> {
  const path =
    env.AWS_CONFIG_FILE !== undefined && env.AWS_CONFIG_FILE !== '' ? env.AWS_CONFIG_FILE : join(env.HOME ?? homedir(), '.aws', 'config');
  const text = readFile(path.replace(/^~(?=\/|$)/, env.HOME ?? homedir()));
  const profiles = new Map<string, Record<string, string>>();
  if (text === undefined) return profiles;
  let current: Record<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const section = /^\[\s*(.*?)\s*\]$/.exec(trimmed);
    if (section !== null) {
      current = undefined;
      const name = section[1] ?? '';
      // botocore: `[default]` and `[profile NAME]` (`[profile default]` too); other sections are not profiles.
      const profile = name === 'default' ? 'default' : /^profile\s+(.+)$/.exec(name)?.[1];
      if (profile !== undefined) {
        current = profiles.get(profile) ?? {};
        profiles.set(profile, current);
      }
      continue;
    }
    if (current === undefined || /^\s/.test(line)) continue;
    const at = trimmed.search(/[=:]/);
    if (at <= 0) continue;
    current[trimmed.slice(0, at).trim().toLowerCase()] = trimmed.slice(at + 1).trim();
  }
  return profiles;
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
