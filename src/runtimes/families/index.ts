/** Every runtime family lsim simulates, in the order of `lsim images list` and `--help`. */
import type { SearchPath } from '../search-path-rules.js';
import type { Env, FamilyDescriptor, RuntimeBase, RuntimeFamily } from './family-types.js';
import type { HandlerRule } from './handler-types.js';
import { JAVA, type JavaRuntimeInfo } from './java.js';
import { NODEJS, type NodeRuntimeInfo } from './nodejs.js';
import { PROVIDED, type ProvidedRuntimeInfo } from './provided.js';
import { PYTHON, type PythonRuntimeInfo } from './python.js';
import { RUBY, type RubyRuntimeInfo } from './ruby.js';

export const FAMILIES = [NODEJS, PYTHON, RUBY, JAVA, PROVIDED] as const;

export type AnyFamilyDescriptor = (typeof FAMILIES)[number];

type AnyRuntimeInfo = NodeRuntimeInfo | PythonRuntimeInfo | RubyRuntimeInfo | JavaRuntimeInfo | ProvidedRuntimeInfo;

/** A descriptor's rules applied to one of its own runtime ids. */
export interface FamilyRules {
  readonly descriptor: AnyFamilyDescriptor;
  readonly platformPaths: 'language' | 'provided';
  readonly defaultEnv: () => readonly (readonly [string, string])[];
  readonly searchPaths: (userEnv: Env) => readonly SearchPath[];
  readonly awsBaseImageTag: () => string;
  readonly handler: HandlerRule;
  readonly interpreters: () => readonly string[];
}

function bind<Family extends RuntimeFamily, Info extends RuntimeBase<Family>>(
  descriptor: FamilyDescriptor<Family, Info> & AnyFamilyDescriptor,
  info: Info,
): FamilyRules {
  return {
    descriptor,
    platformPaths: descriptor.platformPaths,
    defaultEnv: () => descriptor.defaultEnv(info),
    searchPaths: (userEnv) => descriptor.searchPaths(info, userEnv),
    awsBaseImageTag: () => descriptor.awsBaseImageTag(info),
    handler: descriptor.handler,
    interpreters: () => descriptor.interpreters(info),
  };
}

/** The rules of `info`'s family, bound to it: the one switch over families. */
export function familyRules(info: AnyRuntimeInfo): FamilyRules {
  switch (info.family) {
    case 'nodejs':
      return bind(NODEJS, info);
    case 'python':
      return bind(PYTHON, info);
    case 'ruby':
      return bind(RUBY, info);
    case 'java':
      return bind(JAVA, info);
    case 'provided':
      return bind(PROVIDED, info);
  }
}
