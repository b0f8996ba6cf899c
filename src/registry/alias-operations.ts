import { randomUUID } from 'node:crypto';
import { functionArn } from '../common/arn.js';
import type { LsimConfig } from '../common/config.js';
import { LsimError, notFound } from '../common/errors.js';
import { omitUndefined } from '../common/omit-undefined.js';
import type {
  AliasConfiguration,
  AliasRef,
  AliasRoutingConfiguration,
  CreateAliasRequest,
  ListAliasesRequest,
  ListAliasesResponse,
  UpdateAliasRequest,
} from './api-types.js';
import type { Db } from './database.js';
import type { AliasRecord, FunctionAliases } from './function-aliases.js';
import { parseFunctionName } from './function-name.js';
import { checkRevision } from './function-state.js';
import type { FunctionTargets } from './function-targets.js';
import type { FunctionVersions } from './function-versions.js';
import type { Functions } from './functions.js';
import { decodeMarker, pageSize, paginate } from './pagination.js';
import { checkRouting, validateAliasRef, validateCreateAlias, validateUpdateAlias } from './version-validation.js';

/** ListAliases' MaxItems range in the model is 1–10000; its default page size is undocumented. */
const DEFAULT_LIST_ALIASES = 50;

/** The alias operations (docs/lambda-facts.md#function-versions-and-aliases), with AWS's recorded error texts. */
export class AliasOperations {
  constructor(
    private readonly config: LsimConfig,
    private readonly db: Db,
    private readonly functions: Functions,
    private readonly versions: FunctionVersions,
    private readonly aliases: FunctionAliases,
    private readonly targets: FunctionTargets,
  ) {}

  create(request: CreateAliasRequest): AliasConfiguration {
    validateCreateAlias(request);
    const { name } = parseFunctionName(request.FunctionName, false);
    const record = this.db
      .transaction((): AliasRecord => {
        if (this.functions.get(this.targets.owner, name) === undefined) throw this.targets.notFound(name, request.FunctionVersion);
        this.checkVersions(name, request.FunctionVersion, request.RoutingConfig);
        if (this.aliases.get(this.targets.owner, name, request.Name) !== undefined) {
          throw new LsimError('ResourceConflictException', `Alias already exists: ${this.aliasArn(name, request.Name)}`);
        }
        const alias: AliasRecord = {
          functionName: name,
          name: request.Name,
          functionVersion: request.FunctionVersion,
          description: request.Description ?? '',
          weights: weightsOf(request.RoutingConfig),
          revisionId: randomUUID(),
        };
        this.aliases.put(this.targets.owner, alias);
        return alias;
      })
      .immediate();
    return this.toConfiguration(record);
  }

  get(request: AliasRef): AliasConfiguration {
    validateAliasRef(request);
    const name = this.existingFunction(request.FunctionName);
    const alias = this.aliases.get(this.targets.owner, name, request.Name);
    if (alias === undefined) throw notFound(`Cannot find alias arn: ${this.aliasArn(name, request.Name)}`);
    return this.toConfiguration(alias);
  }

  update(request: UpdateAliasRequest): AliasConfiguration {
    validateUpdateAlias(request);
    const record = this.db
      .transaction((): AliasRecord => {
        const name = this.existingFunction(request.FunctionName);
        const current = this.aliases.get(this.targets.owner, name, request.Name);
        if (current === undefined) throw notFound(`Alias not found: ${this.aliasArn(name, request.Name)}`);
        checkRevision(request.RevisionId, current.revisionId);
        const functionVersion = request.FunctionVersion ?? current.functionVersion;
        const routing =
          request.RoutingConfig ?? (current.weights === undefined ? undefined : { AdditionalVersionWeights: current.weights });
        checkRouting(functionVersion, routing);
        this.checkVersions(name, functionVersion, routing);
        const next: AliasRecord = {
          ...current,
          functionVersion,
          description: request.Description ?? current.description,
          weights: weightsOf(routing),
          revisionId: randomUUID(),
        };
        this.aliases.put(this.targets.owner, next);
        return next;
      })
      .immediate();
    return this.toConfiguration(record);
  }

  /** Deleting an alias that does not exist succeeds, as recorded against AWS. */
  delete(request: AliasRef): void {
    validateAliasRef(request);
    const name = this.existingFunction(request.FunctionName);
    this.aliases.delete(this.targets.owner, name, request.Name);
  }

  list(request: ListAliasesRequest): ListAliasesResponse {
    const limit = pageSize(request.MaxItems, DEFAULT_LIST_ALIASES);
    const after = decodeMarker<string>(request.Marker, 'string');
    const name = this.existingFunction(request.FunctionName);
    const rows = this.aliases.list(this.targets.owner, name, request.FunctionVersion, after, limit + 1);
    const { page, nextMarker } = paginate(rows, limit, (alias) => alias.name);
    const items = page.map((alias) => this.toConfiguration(alias));
    return nextMarker === undefined ? { Aliases: items } : { Aliases: items, NextMarker: nextMarker };
  }

  private existingFunction(functionName: string): string {
    const { name } = parseFunctionName(functionName, false);
    if (this.functions.get(this.targets.owner, name) === undefined) throw this.targets.notFound(name, undefined);
    return name;
  }

  /** The alias's version and every weighted version must be published (or $LATEST). */
  private checkVersions(name: string, functionVersion: string, routing: AliasRoutingConfiguration | undefined): void {
    for (const version of [functionVersion, ...Object.keys(routing?.AdditionalVersionWeights ?? {})]) {
      if (version === '$LATEST') continue;
      if (this.versions.get(this.targets.owner, name, Number(version)) === undefined) throw this.targets.notFound(name, version);
    }
  }

  private aliasArn(functionName: string, alias: string): string {
    return functionArn(this.config.region, this.config.accountId, functionName, alias);
  }

  /** Members in the model's order; RoutingConfig is absent when the alias routes to one version. */
  private toConfiguration(alias: AliasRecord): AliasConfiguration {
    return omitUndefined({
      AliasArn: this.aliasArn(alias.functionName, alias.name),
      Name: alias.name,
      FunctionVersion: alias.functionVersion,
      Description: alias.description,
      RoutingConfig: alias.weights === undefined ? undefined : { AdditionalVersionWeights: { ...alias.weights } },
      RevisionId: alias.revisionId,
    });
  }
}

function weightsOf(routing: AliasRoutingConfiguration | undefined): Record<string, number> | undefined {
  const weights = routing?.AdditionalVersionWeights;
  return weights === undefined || Object.keys(weights).length === 0 ? undefined : { ...weights };
}
