import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig } from '../common/config.js';
import { LambdaRegistry } from './lambda-registry.js';
import { syncFailure as failure } from '../../test/helpers/failure.js';

let home: string;
let registry: LambdaRegistry;
const VERSION_ARN = 'arn:aws:lambda:us-east-1:123456789012:layer:lib:1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'lsim-perm-'));
  registry = LambdaRegistry.open(resolveConfig({ home, accountId: '123456789012', region: 'us-east-1' }, {}));
  await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: makeZip([{ name: 'a', data: 'a' }]) } });
});
afterEach(() => {
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

const ref = { LayerName: 'lib', VersionNumber: 1 };
const grant = (StatementId: string, Principal: string, OrganizationId?: string) =>
  registry.addLayerVersionPermission({
    ...ref,
    StatementId,
    Action: 'lambda:GetLayerVersion',
    Principal,
    ...(OrganizationId ? { OrganizationId } : {}),
  });

describe('layer version permissions', () => {
  it('renders statements as Lambda does and keeps them in insertion order in the policy', () => {
    const account = grant('xaccount', '223456789012');
    expect(account.Statement).toBe(
      `{"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::223456789012:root"},"Action":"lambda:GetLayerVersion","Resource":"${VERSION_ARN}"}`,
    );
    expect(account.RevisionId).toMatch(UUID);
    const everyone = grant('everyone', '*');
    expect(everyone.Statement).toContain('"Principal":"*"');
    const org = grant('org', '*', 'o-t194hfs8cz');
    expect(org.Statement).toBe(
      `{"Sid":"org","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"${VERSION_ARN}","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-t194hfs8cz"}}}`,
    );
    const policy = registry.getLayerVersionPolicy(ref);
    expect(policy.RevisionId).toBe(org.RevisionId);
    expect(JSON.parse(policy.Policy)).toMatchObject({ Version: '2012-10-17', Id: 'default' });
    expect(policy.Policy).toBe(
      `{"Version":"2012-10-17","Id":"default","Statement":[${account.Statement},${everyone.Statement},${org.Statement}]}`,
    );
  });

  it('changes the RevisionId on every add and remove and enforces it', () => {
    const first = grant('one', '*');
    expect(
      failure(() =>
        registry.addLayerVersionPermission({
          ...ref,
          StatementId: 'two',
          Action: 'lambda:GetLayerVersion',
          Principal: '*',
          RevisionId: 'stale',
        }),
      ),
    ).toEqual({
      code: 'PreconditionFailedException',
      message:
        'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
    });
    const second = registry.addLayerVersionPermission({
      ...ref,
      StatementId: 'two',
      Action: 'lambda:GetLayerVersion',
      Principal: '*',
      RevisionId: first.RevisionId,
    });
    expect(second.RevisionId).not.toBe(first.RevisionId);
    expect(failure(() => registry.removeLayerVersionPermission({ ...ref, StatementId: 'two', RevisionId: first.RevisionId })).code).toBe(
      'PreconditionFailedException',
    );
    registry.removeLayerVersionPermission({ ...ref, StatementId: 'two', RevisionId: second.RevisionId });
    expect(registry.getLayerVersionPolicy(ref).RevisionId).not.toBe(second.RevisionId);
  });

  it('reports duplicates, unknown statements, missing policies and missing versions exactly', () => {
    expect(failure(() => registry.getLayerVersionPolicy(ref))).toEqual({
      code: 'ResourceNotFoundException',
      message: 'No policy is associated with the given resource.',
    });
    grant('dup', '*');
    expect(failure(() => grant('dup', '*'))).toEqual({
      code: 'ResourceConflictException',
      message: 'The statement id (dup) provided already exists. Please provide a new statement id, or remove the existing statement.',
    });
    expect(failure(() => registry.removeLayerVersionPermission({ ...ref, StatementId: 'nope' }))).toEqual({
      code: 'ResourceNotFoundException',
      message: 'Statement nope is not found in resource policy.',
    });
    registry.removeLayerVersionPermission({ ...ref, StatementId: 'dup' });
    expect(failure(() => registry.getLayerVersionPolicy(ref)).message).toBe('No policy is associated with the given resource.');
    const missing = {
      code: 'ResourceNotFoundException',
      message: 'Layer version arn:aws:lambda:us-east-1:123456789012:layer:lib:9 does not exist.',
    };
    expect(failure(() => registry.getLayerVersionPolicy({ LayerName: 'lib', VersionNumber: 9 }))).toEqual(missing);
    expect(
      failure(() =>
        registry.addLayerVersionPermission({
          LayerName: 'lib',
          VersionNumber: 9,
          StatementId: 's',
          Action: 'lambda:GetLayerVersion',
          Principal: '*',
        }),
      ),
    ).toEqual(missing);
  });

  it('validates action, principal and statement id against the model patterns', () => {
    const bad = (StatementId: string, Action: string, Principal: string) =>
      failure(() => registry.addLayerVersionPermission({ ...ref, StatementId, Action, Principal }));
    expect(bad('s', 'lambda:InvokeFunction', '*')).toEqual({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value 'lambda:InvokeFunction' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion",
    });
    expect(bad('s', 'lambda:GetLayerVersion', 'someone').message).toBe(
      "1 validation error detected: Value 'someone' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root",
    );
    expect(bad('example.com', 'lambda:GetLayerVersion', '*').message).toBe(
      "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    );
    expect(grant('root', 'arn:aws:iam::223456789012:root').Statement).toContain('{"AWS":"arn:aws:iam::223456789012:root"}');
  });

  it('drops the policy with the version', () => {
    grant('s', '*');
    registry.deleteLayerVersion(ref);
    expect(failure(() => registry.getLayerVersionPolicy(ref)).message).toBe(`Layer version ${VERSION_ARN} does not exist.`);
  });
});
