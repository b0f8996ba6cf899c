import type * as Yaml from 'yaml';
import { LsimError } from '../../common/errors.js';
import type { CommandDefinition } from '../command-definition.js';
import { resolveParamfile, type ParamfileContext } from './paramfile.js';
import { paramValidationFailed } from './param-error.js';
import { lazyRequire } from '../lazy-require.js';

const pascal = (option: string): string => option.replace(/(^|-)([a-z])/g, (_m, _dash: string, letter: string) => letter.toUpperCase());

/**
 * `--cli-input-json` / `--cli-input-yaml`: the request by API member names (`LayerName`), each
 * turned into the option of the same name; an option given on the command line wins, as in the aws
 * CLI (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html). Structures and
 * lists are handed on as JSON, which every option kind parses.
 */
export function mergeCliInput(
  command: CommandDefinition,
  args: Readonly<Record<string, unknown>>,
  files: ParamfileContext,
): Record<string, unknown> {
  const json = typeof args['cli-input-json'] === 'string' ? args['cli-input-json'] : undefined;
  const yaml = typeof args['cli-input-yaml'] === 'string' ? args['cli-input-yaml'] : undefined;
  if (json === undefined && yaml === undefined) return { ...args };
  const text = resolveParamfile(json === undefined ? '--cli-input-yaml' : '--cli-input-json', json ?? yaml ?? '', files);
  let input: unknown;
  try {
    input = json === undefined ? (lazyRequire('yaml') as typeof Yaml).parse(text) : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new LsimError(
      'ParamValidation',
      `Error parsing parameter '${json === undefined ? '--cli-input-yaml' : '--cli-input-json'}': ${detail}`,
    );
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw paramValidationFailed([`Invalid type for parameter input, value: ${text}, type: ${typeof input}, valid types: <class 'dict'>`]);
  }
  const byMember = new Map(Object.keys(command.options).map((name) => [pascal(name), name]));
  const merged: Record<string, unknown> = { ...args };
  for (const [member, value] of Object.entries(input)) {
    const name = byMember.get(member);
    if (name === undefined) {
      throw paramValidationFailed([`Unknown parameter in input: "${member}", must be one of: ${[...byMember.keys()].join(', ')}`]);
    }
    if (merged[name] !== undefined) continue;
    const kind = command.options[name]?.kind;
    if (kind === 'boolean') merged[name] = value === true;
    else if (kind === 'list' && Array.isArray(value) && value.every((item) => typeof item === 'string')) merged[name] = value;
    else if (kind === 'list') merged[name] = [JSON.stringify(value)];
    else merged[name] = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
  return merged;
}
