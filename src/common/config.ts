import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Every default and every precedence rule of lsim lives here: flags > environment > defaults.
 * Nothing else in the code base reads process.env for configuration.
 */
export interface LsimConfig {
  /** Root of all state: the SQLite registry, the blob store, the layer extraction cache. */
  readonly home: string;
  /** The caller's account, used to build ARNs and to check cross-account layer permissions. */
  readonly accountId: string;
  readonly region: string;
  /** The caller's AWS Organizations id, checked against `OrganizationId` grants. */
  readonly orgId: string | undefined;
  /** Docker engine address; undefined means the platform's default socket. */
  readonly dockerHost: string | undefined;
}

export interface ConfigFlags {
  readonly home?: string | undefined;
  readonly region?: string | undefined;
  readonly accountId?: string | undefined;
  readonly dockerHost?: string | undefined;
}

export const DEFAULTS = {
  accountId: '123456789012',
  region: 'us-east-1',
  homeDirName: '.lsim',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

export function resolveConfig(flags: ConfigFlags = {}, env: Env = process.env): LsimConfig {
  const home = nonEmpty(flags.home) ?? nonEmpty(env.LSIM_HOME) ?? join(homedir(), DEFAULTS.homeDirName);
  return {
    home: resolve(home),
    accountId: nonEmpty(flags.accountId) ?? nonEmpty(env.LSIM_ACCOUNT_ID) ?? DEFAULTS.accountId,
    region:
      nonEmpty(flags.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? DEFAULTS.region,
    orgId: nonEmpty(env.LSIM_ORG_ID),
    dockerHost: nonEmpty(flags.dockerHost) ?? nonEmpty(env.DOCKER_HOST),
  };
}
