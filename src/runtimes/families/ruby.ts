/**
 * The ruby family: Ruby from the Debian suite that has the runtime id's minor
 * (docs/runtimes.md#interpreter-sources); GEM_PATH, RUBYLIB and GEM_HOME are platform variables.
 */
import { TASK_ROOT } from '../default-paths.js';
import { platformVariable } from '../search-path-rules.js';
import { RUBY_HANDLER_RULE } from './ruby-handler.js';
import { AL2, AL2023, type DebianSuite, type FamilyDescriptor, type OsInfo, type Recipe, type RuntimeBase } from './family-types.js';

export interface RubyRuntimeInfo extends RuntimeBase<'ruby'> {
  /**
   * `X.Y.0`, the gem directory name, as in `ruby/gems/X.Y.0`: RbConfig's `ruby_version`, which is also
   * the C extension ABI (docs/lambda-facts.md#ruby-extensions).
   */
  readonly rubyVersion: string;
}

/** `X.Y`: the minor whose libruby a C extension must be linked against to load on this runtime id. */
export function rubyAbiVersion(info: Pick<RubyRuntimeInfo, 'rubyVersion'>): string {
  return info.rubyVersion.split('.').slice(0, 2).join('.');
}

/**
 * Ruby per minor: 3.3 from trixie, 3.4 from experimental. No suite has 3.2, whose nearest with its
 * features (Data.define) is 3.3. The image links `/usr/bin/rubyX.Y` to `/var/lang/bin/ruby`.
 */
const RUBIES: Readonly<Record<string, { readonly suite: DebianSuite; readonly packages: readonly string[] }>> = {
  '3.3': { suite: 'trixie', packages: ['ruby3.3', 'ruby'] },
  // experimental's `ruby` (the /usr/bin/ruby, gem, ... links) still points at 3.3: the image links ruby3.4 itself.
  '3.4': { suite: 'experimental', packages: ['ruby3.4'] },
};

function rubyRecipe(wanted: string, real: string): Recipe {
  const ruby = RUBIES[real];
  if (ruby === undefined) throw new Error(`no Debian suite has Ruby ${real}`);
  const { suite, packages } = ruby;
  return {
    interpreter: { command: 'ruby', version: real, exact: wanted === real, source: `Debian ${suite} ruby${real}` },
    image: { suite, packages, buildArgs: { RUBY: `ruby${real}` } },
  };
}

/** `real`: the minor that runs. */
const ruby = <Id extends string>(id: Id, rubyVersion: string, os: OsInfo, real: string): RubyRuntimeInfo & { readonly id: Id } => ({
  id,
  family: 'ruby',
  os,
  ...rubyRecipe(rubyAbiVersion({ rubyVersion }), real),
  rubyVersion,
});

/**
 * GEM_PATH: ruby3.2's as recorded in a real function. The ruby3.3 docs print only the first two entries;
 * the 3.2 value shows the docs abbreviate, so the two /var/runtime entries are added by analogy
 * (unconfirmed for 3.3 and 3.4: docs/lambda-facts.md#search-path-variables, docs/deviations.md#ruby-search-path-values).
 */
export function defaultGemPathEntries(rubyVersion: string): string[] {
  return [
    `/var/task/vendor/bundle/ruby/${rubyVersion}`,
    `/opt/ruby/gems/${rubyVersion}`,
    '/var/runtime',
    `/var/runtime/ruby/${rubyVersion}`,
  ];
}

/** RUBYLIB as recorded for ruby3.2 (unconfirmed for 3.3: docs/deviations.md#ruby-search-path-values); not RUBY_LIB. */
export const DEFAULT_RUBYLIB_ENTRIES: readonly string[] = ['/var/task', '/var/runtime/lib', '/opt/ruby/lib'];

/** GEM_HOME as recorded for ruby3.2 (unconfirmed for 3.3: docs/deviations.md#ruby-search-path-values). */
export const DEFAULT_GEM_HOME = '/var/runtime';

// OS per runtime id as AWS's runtime table lists it (docs/lambda-facts.md#operating-system).
const RUNTIMES = [
  ruby('ruby3.2', '3.2.0', AL2, '3.3'),
  ruby('ruby3.3', '3.3.0', AL2023, '3.3'),
  ruby('ruby3.4', '3.4.0', AL2023, '3.4'),
] as const;

export type RubyRuntimeId = (typeof RUNTIMES)[number]['id'];

export const RUBY: FamilyDescriptor<'ruby', RubyRuntimeInfo> = {
  family: 'ruby',
  imageFolder: 'ruby',
  runtimes: RUNTIMES,
  platformPaths: 'language',
  defaultEnv: (info) => [
    ['GEM_PATH', defaultGemPathEntries(info.rubyVersion).join(':')],
    ['RUBYLIB', DEFAULT_RUBYLIB_ENTRIES.join(':')],
    ['GEM_HOME', DEFAULT_GEM_HOME],
  ],
  searchPaths: (info, userEnv) => [
    platformVariable('GEM_PATH', userEnv, defaultGemPathEntries(info.rubyVersion)),
    platformVariable('RUBYLIB', userEnv, DEFAULT_RUBYLIB_ENTRIES),
  ],
  handler: RUBY_HANDLER_RULE,
  // The ruby runtime computes no search path: lsim passes all three variables (defaultEnv). It names
  // only the task root, where it changes directory and which it puts first on $LOAD_PATH.
  bootstrapPaths: [TASK_ROOT],
  awsBaseImageTag: (info) => info.id.slice('ruby'.length),
  interpreters: () => ['/var/lang/bin/ruby'],
};
