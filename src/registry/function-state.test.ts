import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig, type LsimConfig } from '../common/config.js';
import { LambdaRegistry } from './lambda-registry.js';
import { failure } from '../../test/helpers/failure.js';

const DELAY = 1000;
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';
const code = makeZip([{ name: 'index.js', data: 'exports.handler = async () => 1;' }]);
const PENDING = 'The operation cannot be performed at this time. The function is currently in the following state: Pending';
const IN_PROGRESS = `The operation cannot be performed at this time. An update is in progress for resource: ${ARN}`;
const STALE =
  'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id';

let home: string;
let config: LsimConfig;
let registry: LambdaRegistry;
let now = Date.parse('2026-12-01T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  home = mkdtempSync(join(tmpdir(), 'lsim-state-'));
  config = resolveConfig({ home, updateDelayMs: DELAY }, {});
  registry = LambdaRegistry.open(config);
});
afterEach(() => {
  registry.close();
  vi.useRealTimers();
  rmSync(home, { recursive: true, force: true });
});

const advance = (ms: number): void => {
  now += ms;
  vi.setSystemTime(now);
};

const create = () =>
  registry.createFunction({ FunctionName: 'fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: code } });

describe('the function lifecycle window', () => {
  it('is Pending after a create, refuses updates and invokes then, and settles Active under a new RevisionId', async () => {
    const created = await create();
    expect(created).toMatchObject({ State: 'Pending', StateReasonCode: 'Creating' });
    expect(registry.getFunctionConfiguration({ FunctionName: 'fn' })).toMatchObject({
      State: 'Pending',
      RevisionId: created.RevisionId,
    });
    expect(await failure(() => registry.updateFunctionConfiguration({ FunctionName: 'fn', Timeout: 9 }))).toEqual({
      code: 'ResourceConflictException',
      message: PENDING,
    });
    expect(await failure(() => registry.resolveFunction({ FunctionName: 'fn' }))).toEqual({
      code: 'ResourceConflictException',
      message: PENDING,
    });

    advance(DELAY);
    const settled = registry.getFunctionConfiguration({ FunctionName: 'fn' });
    expect(settled).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(settled).not.toHaveProperty('StateReason');
    expect(settled.RevisionId).not.toBe(created.RevisionId);
    expect(registry.resolveFunction({ FunctionName: 'fn' }).configuration.RevisionId).toBe(settled.RevisionId);
  });

  it('is InProgress after an update, refuses a second update, and makes the update’s RevisionId stale once settled', async () => {
    await create();
    advance(DELAY);
    const updated = await registry.updateFunctionConfiguration({ FunctionName: 'fn', Timeout: 9 });
    expect(updated).toMatchObject({ State: 'Active', LastUpdateStatus: 'InProgress', LastUpdateStatusReasonCode: 'Creating' });
    expect(await failure(() => registry.updateFunctionCode({ FunctionName: 'fn', ZipFile: code }))).toEqual({
      code: 'ResourceConflictException',
      message: IN_PROGRESS,
    });
    expect(await failure(() => registry.publishVersion({ FunctionName: 'fn' }))).toEqual({
      code: 'ResourceConflictException',
      message: IN_PROGRESS,
    });
    // Invokes are still served during an update.
    expect(registry.resolveFunction({ FunctionName: 'fn' }).configuration.Timeout).toBe(9);

    advance(DELAY);
    const settled = registry.getFunction({ FunctionName: 'fn' }).Configuration;
    expect(settled).toMatchObject({ LastUpdateStatus: 'Successful', Timeout: 9 });
    expect(settled.RevisionId).not.toBe(updated.RevisionId);
    expect(await failure(() => registry.updateFunctionConfiguration({ FunctionName: 'fn', RevisionId: updated.RevisionId }))).toEqual({
      code: 'PreconditionFailedException',
      message: STALE,
    });
    await expect(registry.updateFunctionConfiguration({ FunctionName: 'fn', RevisionId: settled.RevisionId })).resolves.toMatchObject({
      LastUpdateStatus: 'InProgress',
    });
  });

  it('is stored in the registry, so another connection to the home (another process) sees the same window', async () => {
    await create();
    const other = LambdaRegistry.open(config);
    try {
      expect(other.getFunctionConfiguration({ FunctionName: 'fn' }).State).toBe('Pending');
      expect((await failure(() => other.updateFunctionConfiguration({ FunctionName: 'fn', Timeout: 5 }))).message).toBe(PENDING);
      advance(DELAY);
      const seen = other.getFunctionConfiguration({ FunctionName: 'fn' });
      expect(seen.State).toBe('Active');
      expect(registry.getFunctionConfiguration({ FunctionName: 'fn' }).RevisionId).toBe(seen.RevisionId);
    } finally {
      other.close();
    }
  });

  it('takes its length from LSIM_UPDATE_DELAY_MS', () => {
    expect(resolveConfig({}, { LSIM_UPDATE_DELAY_MS: '0' }).updateDelayMs).toBe(0);
    expect(resolveConfig({}, { LSIM_UPDATE_DELAY_MS: '1500' }).updateDelayMs).toBe(1500);
    expect(resolveConfig({}, { LSIM_UPDATE_DELAY_MS: 'soon' }).updateDelayMs).toBe(200);
    expect(resolveConfig({ updateDelayMs: 7 }, { LSIM_UPDATE_DELAY_MS: '1500' }).updateDelayMs).toBe(7);
  });
});
