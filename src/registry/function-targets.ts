import { functionArn } from '../common/arn.js';
import type { LsimConfig } from '../common/config.js';
import { invalidParameter, notFound, type LsimError } from '../common/errors.js';
import type { FunctionRef } from './api-types.js';
import type { FunctionAliases } from './function-aliases.js';
import type { ConfigurationMoment, ConfigurationTarget } from './function-configuration.js';
import { parseFunctionName } from './function-name.js';
import { viewOf } from './function-state.js';
import type { FunctionVersions } from './function-versions.js';
import type { FunctionRecord, Functions, Owner } from './functions.js';
import { ValidationErrors } from './validation.js';

/** The model's Qualifier pattern (docs/lambda-facts.md#patterns-and-limits). */
const QUALIFIER_PATTERN = '(|[a-zA-Z0-9$_-]+)';
const VERSION_NUMBER = /^[0-9]+$/;

/** What a (possibly qualified) function reference names: one version's record and how to show it. */
export interface FunctionTarget {
  readonly name: string;
  /** `$LATEST`, or the published version's number. */
  readonly version: '$LATEST' | number;
  readonly record: FunctionRecord;
  readonly moment: ConfigurationMoment;
  readonly revisionId: string;
  readonly shown: ConfigurationTarget;
}

/**
 * Resolves `FunctionName` (name, partial or full ARN, optionally `:qualifier`) plus `Qualifier` to
 * $LATEST, a published version or an alias's version, as the read, delete and invoke operations do
 * (docs/lambda-facts.md#function-versions-and-aliases).
 */
export class FunctionTargets {
  readonly owner: Owner;

  constructor(
    private readonly config: LsimConfig,
    private readonly functions: Functions,
    private readonly versions: FunctionVersions,
    private readonly aliases: FunctionAliases,
  ) {
    this.owner = { accountId: config.accountId, region: config.region };
  }

  /** The name and qualifier of a reference, with Lambda's check that the two spellings agree. */
  parse(ref: FunctionRef): { name: string; qualifier: string | undefined } {
    const parsed = parseFunctionName(ref.FunctionName, true);
    if (ref.Qualifier !== undefined) {
      new ValidationErrors().maxLength('qualifier', ref.Qualifier, 128).pattern('qualifier', ref.Qualifier, QUALIFIER_PATTERN).throwIfAny();
    }
    if (ref.Qualifier !== undefined && parsed.qualifier !== undefined && ref.Qualifier !== parsed.qualifier) {
      throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
    }
    const qualifier = ref.Qualifier ?? parsed.qualifier;
    return { name: parsed.name, qualifier: qualifier === '' ? undefined : qualifier };
  }

  resolve(ref: FunctionRef, now = Date.now()): FunctionTarget {
    const { name, qualifier } = this.parse(ref);
    const latest = this.functions.get(this.owner, name);
    if (latest === undefined) throw this.notFound(name, qualifier);
    if (qualifier === undefined || qualifier === '$LATEST') return this.latestTarget(latest, qualifier, now);
    if (VERSION_NUMBER.test(qualifier)) return this.versionTarget(name, Number(qualifier), qualifier);
    const alias = this.aliases.get(this.owner, name, qualifier);
    if (alias === undefined) throw this.notFound(name, qualifier);
    return alias.functionVersion === '$LATEST'
      ? this.latestTarget(latest, qualifier, now)
      : this.versionTarget(name, Number(alias.functionVersion), qualifier);
  }

  /** A published version by number, shown with `qualifier` in its ARN. */
  versionTarget(name: string, version: number, qualifier: string): FunctionTarget {
    const found = this.versions.get(this.owner, name, version);
    if (found === undefined) throw this.notFound(name, qualifier);
    const record = found.record;
    return {
      name,
      version,
      record,
      moment: 'settled',
      revisionId: record.revisionId,
      shown: { version: String(version), qualifier },
    };
  }

  notFound(name: string, qualifier: string | undefined): LsimError {
    return notFound(`Function not found: ${functionArn(this.config.region, this.config.accountId, name, qualifier)}`);
  }

  private latestTarget(record: FunctionRecord, qualifier: string | undefined, now: number): FunctionTarget {
    const view = viewOf(record, now);
    return {
      name: record.name,
      version: '$LATEST',
      record,
      moment: view.moment,
      revisionId: view.revisionId,
      shown: { version: '$LATEST', qualifier },
    };
  }
}
