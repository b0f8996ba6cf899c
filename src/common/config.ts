import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readAwsProfiles, type ProfileSettings } from './aws-config-file.js';
import { LsimError } from './errors.js';
import { isImageReference } from './image-reference.js';

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
  /**
   * TLS to a tcp:// engine as the docker CLI reads it (https://docs.docker.com/reference/cli/docker/#environment-variables):
   * `DOCKER_TLS_VERIFY` set to anything turns TLS on and verifies the engine against `ca.pem`, presenting
   * `cert.pem` and `key.pem`, all in `DOCKER_CERT_PATH` (default ~/.docker). Undefined when not set.
   */
  readonly dockerTls: { readonly verify: true; readonly certPath: string } | undefined;
  /**
   * User-supplied runtime images by family (`LSIM_IMAGE_PYTHON=...`), e.g. the official AWS base
   * images for users with registry access. Families without one use lsim's own images.
   */
  readonly imageOverrides: Readonly<Record<string, string>>;
  /**
   * Run every runtime id on AWS's own base image (docs/aws-base-images.md) instead of lsim's:
   * `--prefer-aws-images` (invoke, serve, images list), else `LSIM_PREFER_AWS_IMAGES=1`. An image named
   * by `--image` or `LSIM_IMAGE_<FAMILY>` still wins for its family.
   */
  readonly preferAwsImages: boolean;
  /**
   * The registry (and optional path prefix) AWS's base images are pulled from: `LSIM_AWS_IMAGE_REGISTRY`,
   * default `public.ecr.aws`, for users with a mirror or a local registry. No trailing slash.
   */
  readonly awsImageRegistry: string;
  /**
   * Force the portable /opt and /var/task path (content-addressed volumes filled through the engine
   * API) even when the engine shares this machine's filesystem: `LSIM_PORTABLE_MOUNTS=1`. The
   * portable path is what a remote engine always gets; this lets it be exercised on a local one.
   */
  readonly portableMounts: boolean;
  /**
   * Access key id → secret access key, from `LSIM_CREDENTIALS` (`AKID:SECRET,AKID2:SECRET2`): the keys
   * `lsim serve --verify-signatures` accepts SigV4 signatures from. Empty when unset.
   */
  readonly credentials: ReadonlyMap<string, string>;
  /**
   * How long a created function stays `Pending` and an updated one `InProgress` before reads show
   * `Active`/`Successful` (docs/lambda-facts.md#function-states): `LSIM_UPDATE_DELAY_MS`, default 200.
   * The window's end is stored in the registry, so every process sharing a home sees the same state.
   */
  readonly updateDelayMs: number;
  /**
   * The aws CLI profile lsim reads `region` and `output` from: `--profile`, else `AWS_PROFILE`, else
   * `AWS_DEFAULT_PROFILE`, else `default` (which may be absent from the file; a named one may not).
   */
  readonly profile: string;
  /** `--output`, else `AWS_DEFAULT_OUTPUT`, else the profile's `output`, else `json`, as the aws CLI. */
  readonly output: string;
  /**
   * Pre-provisioned sandboxes `lsim serve` keeps started per image for cold starts
   * (docs/cold-start.md#pre-provisioned-sandboxes): `LSIM_SANDBOX_POOL`, a count (`0` turns the pool off),
   * default 2. Used only where lsim can mount into the engine's containers (root, the engine on this machine).
   */
  readonly sandboxPool: number;
  /**
   * The engines of `lsim serve`'s pool (docs/serve.md#a-pool-of-engines), in DOCKER_HOST syntax: `--engine`
   * (repeated, serve only: `withEngineFlags`), else `LSIM_ENGINES` (comma-separated). Empty means the one
   * engine of `dockerHost`, as every other command runs on; `engineAddresses` gives the list either way.
   */
  readonly engines: readonly string[];
}

export interface ConfigFlags {
  readonly home?: string | undefined;
  readonly region?: string | undefined;
  readonly accountId?: string | undefined;
  readonly dockerHost?: string | undefined;
  readonly portableMounts?: boolean | undefined;
  readonly preferAwsImages?: boolean | undefined;
  /** Same syntax as `LSIM_CREDENTIALS`; replaces it when given. */
  readonly credentials?: string | undefined;
  readonly updateDelayMs?: number | undefined;
  readonly profile?: string | undefined;
  readonly output?: string | undefined;
}

/** Where resolveConfig reads the aws CLI's config file from; tests hand it a fake. */
export interface ConfigSources {
  readonly readFile?: (path: string) => string | undefined;
}

export const DEFAULTS = {
  accountId: '123456789012',
  region: 'us-east-1',
  homeDirName: '.lsim',
  updateDelayMs: 200,
  sandboxPool: 2,
  awsImageRegistry: 'public.ecr.aws',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

export function resolveConfig(flags: ConfigFlags = {}, env: Env = process.env, sources: ConfigSources = {}): LsimConfig {
  const home = nonEmpty(flags.home) ?? nonEmpty(env.LSIM_HOME) ?? join(homedir(), DEFAULTS.homeDirName);
  const { profile, settings } = awsProfile(flags, env, sources);
  return {
    home: resolve(home),
    accountId: nonEmpty(flags.accountId) ?? nonEmpty(env.LSIM_ACCOUNT_ID) ?? DEFAULTS.accountId,
    // botocore's region chain (flag, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`); where
    // the aws CLI then fails with "You must specify a region", lsim takes us-east-1 (docs/deviations.md#aws-cli).
    region:
      nonEmpty(flags.region) ??
      nonEmpty(env.AWS_REGION) ??
      nonEmpty(env.AWS_DEFAULT_REGION) ??
      nonEmpty(settings.region) ??
      DEFAULTS.region,
    profile,
    output: nonEmpty(flags.output) ?? nonEmpty(env.AWS_DEFAULT_OUTPUT) ?? nonEmpty(settings.output) ?? 'json',
    orgId: nonEmpty(env.LSIM_ORG_ID),
    dockerHost: nonEmpty(flags.dockerHost) ?? nonEmpty(env.DOCKER_HOST),
    dockerTls:
      nonEmpty(env.DOCKER_TLS_VERIFY) === undefined
        ? undefined
        : { verify: true, certPath: resolve(nonEmpty(env.DOCKER_CERT_PATH) ?? join(homedir(), '.docker')) },
    imageOverrides: imageOverrides(env),
    preferAwsImages: flags.preferAwsImages ?? booleanEnv(env.LSIM_PREFER_AWS_IMAGES) ?? false,
    awsImageRegistry: (nonEmpty(env.LSIM_AWS_IMAGE_REGISTRY?.trim()) ?? DEFAULTS.awsImageRegistry).replace(/\/+$/, ''),
    portableMounts: flags.portableMounts ?? booleanEnv(env.LSIM_PORTABLE_MOUNTS) ?? false,
    credentials: parseCredentials(nonEmpty(flags.credentials) ?? nonEmpty(env.LSIM_CREDENTIALS)),
    updateDelayMs: flags.updateDelayMs ?? millisecondsEnv(env.LSIM_UPDATE_DELAY_MS) ?? DEFAULTS.updateDelayMs,
    sandboxPool: sandboxPoolEnv(env.LSIM_SANDBOX_POOL) ?? DEFAULTS.sandboxPool,
    engines: engineList(env.LSIM_ENGINES, (entry) => new LsimError('ConfigError', `LSIM_ENGINES: ${entry} ${NOT_AN_ENGINE}.`)),
  };
}

const NOT_AN_ENGINE = 'is not an engine address (unix:///path, tcp://host:port, ssh://user@host, npipe:////./pipe/name)';

/** `lsim serve --engine URL --engine URL`: the pool's engines, replacing LSIM_ENGINES when given. */
export function withEngineFlags(config: LsimConfig, flags: readonly string[]): LsimConfig {
  const engines = engineList(flags.join(','), (entry) => new LsimError('ParamValidation', `--engine ${entry} ${NOT_AN_ENGINE}.`));
  return engines.length === 0 ? config : { ...config, engines };
}

/** The engines `lsim serve` places environments on, in order: the pool's, else the one of DOCKER_HOST (undefined: the default socket). */
export function engineAddresses(config: Pick<LsimConfig, 'engines' | 'dockerHost'>): readonly (string | undefined)[] {
  return config.engines.length > 0 ? config.engines : [config.dockerHost];
}

/** Comma-separated addresses in DOCKER_HOST syntax, blanks skipped, each once (the first place it is named). */
function engineList(value: string | undefined, refuse: (entry: string) => LsimError): readonly string[] {
  const engines: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (!/^(unix|tcp|ssh|npipe):\/\/\S+$/.test(entry)) throw refuse(entry);
    if (!engines.includes(entry)) engines.push(entry);
  }
  return engines;
}

/** A whole number of milliseconds, 0 or more; anything else (or empty) is unset. */
function millisecondsEnv(value: string | undefined): number | undefined {
  const text = value?.trim() ?? '';
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** A count of sandboxes, 0 to 16 (more would only hold containers the two-core machines cannot start); `off` is 0. */
function sandboxPoolEnv(value: string | undefined): number | undefined {
  if (booleanEnv(value) === false) return 0;
  const text = value?.trim() ?? '';
  return /^\d{1,2}$/.test(text) ? Math.min(Number(text), 16) : undefined;
}

/**
 * The profile in force and its settings. A profile named by flag or variable must exist, with the
 * aws CLI's message (exit 255); `default` may be missing. The file is read only when a setting needs
 * it, so lsim commands given every flag never touch `~/.aws`.
 */
function awsProfile(flags: ConfigFlags, env: Env, sources: ConfigSources): { profile: string; settings: ProfileSettings } {
  const named = nonEmpty(flags.profile) ?? nonEmpty(env.AWS_PROFILE) ?? nonEmpty(env.AWS_DEFAULT_PROFILE);
  const profile = named ?? 'default';
  const needed =
    named !== undefined ||
    (flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '') === '' ||
    nonEmpty(flags.output ?? env.AWS_DEFAULT_OUTPUT) === undefined;
  if (!needed) return { profile, settings: {} };
  const settings = readAwsProfiles(env, sources.readFile).get(profile);
  if (settings === undefined && named !== undefined) {
    throw new LsimError('ConfigError', `The config profile (${profile}) could not be found`);
  }
  return { profile, settings: settings ?? {} };
}

/**
 * `AKID:SECRET,AKID2:SECRET2` (whitespace around entries ignored; a secret may contain ':'). An entry
 * without an id or a secret is skipped rather than fatal: every lsim command resolves this config,
 * and only `lsim serve --verify-signatures` uses the keys (it refuses to start with none).
 */
function parseCredentials(value: string | undefined): ReadonlyMap<string, string> {
  const credentials = new Map<string, string>();
  for (const entry of (value ?? '').split(',')) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, Math.max(at, 0)).trim();
    const secret = entry.slice(at + 1).trim();
    if (at > 0 && id !== '' && secret !== '') credentials.set(id, secret);
  }
  return credentials;
}

/** `1`/`true`/`yes`/`on` and `0`/`false`/`no`/`off` (any case); anything else (or empty) is unset. */
function booleanEnv(value: string | undefined): boolean | undefined {
  const text = value?.trim().toLowerCase();
  if (text === '1' || text === 'true' || text === 'yes' || text === 'on') return true;
  if (text === '0' || text === 'false' || text === 'no' || text === 'off') return false;
  return undefined;
}

const IMAGE_ENV_PREFIX = 'LSIM_IMAGE_';

/**
 * An image lsim runs instead of its own, and where that choice came from: `flag` (`--image`), `env`
 * (`LSIM_IMAGE_<FAMILY>`) or `aws` (the prefer-AWS switch). `aws` images are run by the AWS base image
 * contract; the others keep their own entrypoint.
 */
export interface UserImage {
  readonly ref: string;
  readonly source: 'flag' | 'env' | 'aws';
}

/**
 * The image a runtime family runs on: `--image`, else `LSIM_IMAGE_<FAMILY>`, else AWS's base image
 * `awsImage` when the switch is on, else lsim's own (undefined).
 */
export function runtimeImage(config: LsimConfig, family: string, flag: string | undefined, awsImage: string): UserImage | undefined {
  const flagged = nonEmpty(flag);
  if (flagged !== undefined) return checkedImage({ ref: flagged, source: 'flag' }, family, config);
  const named = config.imageOverrides[family];
  if (named !== undefined) return checkedImage({ ref: named, source: 'env' }, family, config);
  return config.preferAwsImages ? checkedImage({ ref: awsImage, source: 'aws' }, family, config) : undefined;
}

/** A chosen image whose reference the engine would refuse is the setting's fault, told by its name. */
function checkedImage(image: UserImage, family: string, config: LsimConfig): UserImage {
  if (isImageReference(image.ref)) return image;
  const problem = `is not an image reference (registry/repository:tag, lower-case repository)`;
  switch (image.source) {
    case 'flag':
      throw new LsimError('ParamValidation', `--image ${image.ref} ${problem}.`);
    case 'env':
      throw new LsimError('ConfigError', `${IMAGE_ENV_PREFIX}${family.toUpperCase()}=${image.ref} ${problem}.`);
    case 'aws':
      throw new LsimError(
        'ConfigError',
        `LSIM_AWS_IMAGE_REGISTRY=${config.awsImageRegistry} does not make an image reference: ${image.ref} ${problem}.`,
      );
  }
}

/** The setting that chose `image`, and how to go back to lsim's own images: for the fault of a failed pull. */
export function wayBackToOwnImages(image: UserImage, family: string): string {
  switch (image.source) {
    case 'flag':
      return "drop --image to run lsim's own image";
    case 'env':
      return `unset ${IMAGE_ENV_PREFIX}${family.toUpperCase()} to run lsim's own image`;
    case 'aws':
      return (
        "unset LSIM_PREFER_AWS_IMAGES (or drop --prefer-aws-images) to run lsim's own images, or point " +
        'LSIM_AWS_IMAGE_REGISTRY at a registry that has it'
      );
  }
}

function imageOverrides(env: Env): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const tag = nonEmpty(value);
    if (key.startsWith(IMAGE_ENV_PREFIX) && tag !== undefined) {
      overrides[key.slice(IMAGE_ENV_PREFIX.length).toLowerCase()] = tag;
    }
  }
  return overrides;
}
