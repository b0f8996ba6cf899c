import { randomUUID } from 'node:crypto';
import { LsimError, notFound } from '../common/errors.js';
import type { Db } from './database.js';
import type { LayerKey } from './layer-versions.js';

export interface StatementInput {
  readonly statementId: string;
  readonly principal: string;
  readonly organizationId: string | undefined;
}

export interface StoredGrant {
  readonly principal: string;
  readonly organizationId: string | undefined;
}

const KEY_SQL = 'account_id = @accountId AND region = @region AND name = @name AND version = @version';

/**
 * Resource policies of layer versions. Each statement is stored as the exact JSON text Lambda
 * returns; the policy's RevisionId lives on the layer version row and changes on every add/remove.
 */
export class LayerPermissions {
  constructor(private readonly db: Db) {}

  /** Adds a statement and returns `[statement JSON, new RevisionId]`. */
  add(key: LayerKey, version: number, versionArn: string, input: StatementInput, revisionId?: string): [string, string] {
    return this.db
      .transaction((): [string, string] => {
        const params = { ...key, version };
        const current = this.revision(params, versionArn);
        checkRevision(current, revisionId);
        const exists = this.db
          .prepare(`SELECT 1 FROM layer_permissions WHERE ${KEY_SQL} AND statement_id = @sid`)
          .get({ ...params, sid: input.statementId });
        if (exists !== undefined) {
          throw new LsimError(
            'ResourceConflictException',
            `The statement id (${input.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
          );
        }
        const statement = statementJson(input, versionArn);
        this.db
          .prepare(
            `INSERT INTO layer_permissions (account_id, region, name, version, statement_id, principal, organization_id, statement)
             VALUES (@accountId, @region, @name, @version, @sid, @principal, @org, @statement)`,
          )
          .run({ ...params, sid: input.statementId, principal: input.principal, org: input.organizationId ?? null, statement });
        return [statement, this.bumpRevision(params)];
      })
      .immediate();
  }

  remove(key: LayerKey, version: number, versionArn: string, statementId: string, revisionId?: string): void {
    this.db
      .transaction(() => {
        const params = { ...key, version };
        checkRevision(this.revision(params, versionArn), revisionId);
        const removed = this.db
          .prepare(`DELETE FROM layer_permissions WHERE ${KEY_SQL} AND statement_id = @sid`)
          .run({ ...params, sid: statementId });
        if (removed.changes === 0) throw notFound(`Statement ${statementId} is not found in resource policy.`);
        this.bumpRevision(params);
      })
      .immediate();
  }

  /** The policy document and its RevisionId; undefined when the version has no statement. */
  policy(key: LayerKey, version: number): { policy: string; revisionId: string } | undefined {
    return this.db
      .transaction(() => {
        const params = { ...key, version };
        const rows = this.db.prepare(`SELECT statement FROM layer_permissions WHERE ${KEY_SQL} ORDER BY seq`).all(params) as {
          statement: string;
        }[];
        const revision = this.db.prepare(`SELECT policy_revision_id FROM layer_versions WHERE ${KEY_SQL}`).get(params) as
          { policy_revision_id: string | null } | undefined;
        if (rows.length === 0 || revision?.policy_revision_id == null) return undefined;
        // Built by splicing the stored texts so each statement reads exactly as AddLayerVersionPermission returned it.
        const statements = rows.map((row) => row.statement).join(',');
        return { policy: `{"Version":"2012-10-17","Id":"default","Statement":[${statements}]}`, revisionId: revision.policy_revision_id };
      })
      .deferred();
  }

  grants(key: LayerKey, version: number): StoredGrant[] {
    const rows = this.db
      .prepare(`SELECT principal, organization_id FROM layer_permissions WHERE ${KEY_SQL} ORDER BY seq`)
      .all({ ...key, version }) as { principal: string; organization_id: string | null }[];
    return rows.map((row) => ({ principal: row.principal, organizationId: row.organization_id ?? undefined }));
  }

  /** The current RevisionId (null before the first statement); throws 404 for a missing version. */
  private revision(params: LayerKey & { version: number }, versionArn: string): string | null {
    const row = this.db.prepare(`SELECT policy_revision_id FROM layer_versions WHERE ${KEY_SQL}`).get(params) as
      { policy_revision_id: string | null } | undefined;
    if (row === undefined) throw notFound(`Layer version ${versionArn} does not exist.`);
    return row.policy_revision_id;
  }

  private bumpRevision(params: LayerKey & { version: number }): string {
    const revisionId = randomUUID();
    this.db.prepare(`UPDATE layer_versions SET policy_revision_id = @revisionId WHERE ${KEY_SQL}`).run({ ...params, revisionId });
    return revisionId;
  }
}

function checkRevision(current: string | null, expected: string | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new LsimError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
    );
  }
}

/**
 * The statement as Lambda renders it: an account id becomes its root ARN, `*` stays a plain string,
 * an OrganizationId becomes a PrincipalOrgID condition. Member order follows the recorded examples;
 * `Condition` last is the order of the documented example (unconfirmed for the wire;
 * docs/lambda-facts.md#layer-versions-and-policies).
 */
function statementJson(input: StatementInput, versionArn: string): string {
  const principal =
    input.principal === '*' ? '*' : { AWS: /^\d{12}$/.test(input.principal) ? `arn:aws:iam::${input.principal}:root` : input.principal };
  const statement: Record<string, unknown> = {
    Sid: input.statementId,
    Effect: 'Allow',
    Principal: principal,
    Action: 'lambda:GetLayerVersion',
    Resource: versionArn,
  };
  if (input.organizationId !== undefined) {
    statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': input.organizationId } };
  }
  return JSON.stringify(statement);
}

/** Whether any grant lets the caller's account (in the caller's organization) get the version. */
export function grantsAccess(grants: readonly StoredGrant[], accountId: string, orgId: string | undefined): boolean {
  return grants.some((grant) => {
    const principalOk = grant.principal === '*' || grant.principal === accountId || grant.principal.endsWith(`:iam::${accountId}:root`);
    const orgOk = grant.organizationId === undefined || grant.organizationId === orgId;
    return principalOk && orgOk;
  });
}
