import { layerArn, layerVersionArn, parseLayerArn } from '../common/arn.js';
import type { LsimConfig } from '../common/config.js';
import { LsimError, notFound, RESOURCE_NOT_FOUND_MESSAGE } from '../common/errors.js';
import { lambdaDate } from '../common/lambda-date.js';
import type {
  AddLayerVersionPermissionRequest,
  AddLayerVersionPermissionResponse,
  GetLayerVersionPolicyResponse,
  LayerVersionRef,
  LayerVersionResponse,
  ListFilter,
  ListLayerVersionsResponse,
  ListLayersResponse,
  PublishLayerVersionRequest,
  RemoveLayerVersionPermissionRequest,
} from './api-types.js';
import type { BlobStore } from './blob-store.js';
import { intakeZip, storedCode } from './code-intake.js';
import type { Db } from './database.js';
import { checkAccess, hasAccess } from './layer-references.js';
import { checkVersionNumber, resolveLayerName } from './layer-name.js';
import type { LayerPermissions } from './layer-permissions.js';
import { toLayerVersionResponse, toLayerVersionsListItem } from './layer-responses.js';
import { validateListFilter, validatePublish } from './layer-validation.js';
import type { LayerKey, LayerVersionRecord, LayerVersions } from './layer-versions.js';
import { decodeMarker, pageSize, paginate } from './pagination.js';
import { ValidationErrors } from './validation.js';

const MAX_LIST_ITEMS = 50;

/** The nine layer operations of the Lambda API. */
export class LayerOperations {
  constructor(
    private readonly config: LsimConfig,
    private readonly db: Db,
    private readonly store: BlobStore,
    private readonly versions: LayerVersions,
    private readonly permissions: LayerPermissions,
  ) {}

  async publish(request: PublishLayerVersionRequest): Promise<LayerVersionResponse> {
    const key = resolveLayerName(request.LayerName, this.config);
    const errors = new ValidationErrors();
    validatePublish(request, errors);
    errors.throwIfAny();
    this.requireOwn(key, 'lambda:PublishLayerVersion', layerArn(key.region, key.accountId, key.name));
    const record = await intakeZip(this.store, this.config.home, request.Content, 'content', (zip) =>
      this.db
        .transaction(() => {
          zip.commit();
          const fields = {
            ...key,
            description: request.Description ?? '',
            licenseInfo: request.LicenseInfo,
            compatibleRuntimes: request.CompatibleRuntimes === undefined ? undefined : [...request.CompatibleRuntimes],
            compatibleArchitectures: request.CompatibleArchitectures === undefined ? undefined : [...request.CompatibleArchitectures],
            createdDate: lambdaDate(new Date()),
            ...storedCode(zip),
          };
          return { ...fields, version: this.versions.publish(fields) };
        })
        .immediate(),
    );
    return toLayerVersionResponse(record);
  }

  get(request: LayerVersionRef): LayerVersionResponse {
    const key = resolveLayerName(request.LayerName, this.config);
    checkVersionNumber(request.VersionNumber);
    return toLayerVersionResponse(this.readable(key, request.VersionNumber));
  }

  getByArn(arn: string): LayerVersionResponse {
    const parts = parseLayerArn(arn);
    // `arn:aws:lambda:::awslayer:...` passes the pattern but names AWS-managed layers lsim never has.
    if (parts?.version === undefined) throw notFound(RESOURCE_NOT_FOUND_MESSAGE);
    checkVersionNumber(parts.version);
    const key = { accountId: parts.accountId, region: parts.region, name: parts.layerName };
    return toLayerVersionResponse(this.readable(key, parts.version));
  }

  list(filter: ListFilter): ListLayersResponse {
    validateListFilter(filter);
    const limit = pageSize(filter.MaxItems, MAX_LIST_ITEMS);
    const after = decodeMarker<string>(filter.Marker, 'string');
    const owner = { accountId: this.config.accountId, region: this.config.region };
    const rows = this.versions.latestMatching(owner, toVersionFilter(filter), after, limit + 1);
    const { page, nextMarker } = paginate(rows, limit, (row) => row.name);
    const layers = page.map((row) => ({
      LayerName: row.name,
      LayerArn: layerArn(row.region, row.accountId, row.name),
      LatestMatchingVersion: toLayerVersionsListItem(row),
    }));
    return nextMarker === undefined ? { Layers: layers } : { Layers: layers, NextMarker: nextMarker };
  }

  listVersions(request: ListFilter & { readonly LayerName: string }): ListLayerVersionsResponse {
    const key = resolveLayerName(request.LayerName, this.config);
    validateListFilter(request);
    const limit = pageSize(request.MaxItems, MAX_LIST_ITEMS);
    const before = decodeMarker<number>(request.Marker, 'number');
    const rows = this.versions.listVersions(key, toVersionFilter(request), before, limit + 1);
    const { page, nextMarker } = paginate(rows, limit, (row) => row.version);
    // Another account's versions show only where its policy lets the caller get them.
    const visible = page.filter((row) => hasAccess(row, row.version, this.config, this.permissions));
    const items = visible.map(toLayerVersionsListItem);
    return nextMarker === undefined ? { LayerVersions: items } : { LayerVersions: items, NextMarker: nextMarker };
  }

  /** Idempotent: a missing layer or version is not an error (docs/lambda-facts.md#layer-semantics). */
  delete(request: LayerVersionRef): void {
    const key = resolveLayerName(request.LayerName, this.config);
    checkVersionNumber(request.VersionNumber);
    this.requireOwn(key, 'lambda:DeleteLayerVersion', this.arnOf(key, request.VersionNumber));
    this.versions.delete(key, request.VersionNumber);
  }

  addPermission(request: AddLayerVersionPermissionRequest): AddLayerVersionPermissionResponse {
    const key = resolveLayerName(request.LayerName, this.config);
    checkVersionNumber(request.VersionNumber);
    const arn = this.arnOf(key, request.VersionNumber);
    this.requireOwn(key, 'lambda:AddLayerVersionPermission', arn);
    const input = { statementId: request.StatementId, principal: request.Principal, organizationId: request.OrganizationId };
    const [statement, revisionId] = this.permissions.add(key, request.VersionNumber, arn, input, request.RevisionId);
    return { Statement: statement, RevisionId: revisionId };
  }

  removePermission(request: RemoveLayerVersionPermissionRequest): void {
    const key = resolveLayerName(request.LayerName, this.config);
    checkVersionNumber(request.VersionNumber);
    const arn = this.arnOf(key, request.VersionNumber);
    this.requireOwn(key, 'lambda:RemoveLayerVersionPermission', arn);
    this.permissions.remove(key, request.VersionNumber, arn, request.StatementId, request.RevisionId);
  }

  getPolicy(request: LayerVersionRef): GetLayerVersionPolicyResponse {
    const key = resolveLayerName(request.LayerName, this.config);
    checkVersionNumber(request.VersionNumber);
    const arn = this.arnOf(key, request.VersionNumber);
    this.requireOwn(key, 'lambda:GetLayerVersionPolicy', arn);
    if (this.versions.get(key, request.VersionNumber) === undefined) throw notFound(`Layer version ${arn} does not exist.`);
    const policy = this.permissions.policy(key, request.VersionNumber);
    if (policy === undefined) throw notFound('No policy is associated with the given resource.');
    return { Policy: policy.policy, RevisionId: policy.revisionId };
  }

  /** A version the caller may read: its own, or another account's that grants it access. */
  private readable(key: LayerKey, version: number): LayerVersionRecord {
    const record = this.versions.get(key, version);
    if (record === undefined) throw notFound(RESOURCE_NOT_FOUND_MESSAGE);
    checkAccess(this.arnOf(key, version), key, version, this.config, this.permissions);
    return record;
  }

  /**
   * Only the owner changes a layer: resource policies grant nothing but lambda:GetLayerVersion. The
   * message follows the GetLayerVersion denial text with the operation's own action (unconfirmed).
   */
  private requireOwn(key: LayerKey, action: string, resourceArn: string): void {
    if (key.accountId === this.config.accountId) return;
    throw new LsimError(
      'AccessDeniedException',
      `User: arn:aws:iam::${this.config.accountId}:root is not authorized to perform: ${action} on resource: ${resourceArn} because no resource-based policy allows the ${action} action`,
    );
  }

  private arnOf(key: LayerKey, version: number): string {
    return layerVersionArn(key.region, key.accountId, key.name, version);
  }
}

function toVersionFilter(filter: ListFilter): { runtime: string | undefined; architecture: string | undefined } {
  return { runtime: filter.CompatibleRuntime, architecture: filter.CompatibleArchitecture };
}
