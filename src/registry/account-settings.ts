import type { GetAccountSettingsResponse } from './api-types.js';
import type { Db } from './database.js';
import type { Owner } from './functions.js';

/**
 * Lambda's default quotas (docs/lambda-facts.md#account-settings): 75 GB of code storage, 250 MB
 * unzipped and 50 MB zipped per deployment package, 1,000 concurrent executions. lsim reserves no
 * concurrency, so all of it is unreserved.
 */
const ACCOUNT_LIMIT = {
  TotalCodeSize: 80_530_636_800,
  CodeSizeUnzipped: 262_144_000,
  CodeSizeZipped: 52_428_800,
  ConcurrentExecutions: 1000,
  UnreservedConcurrentExecutions: 1000,
} as const;

/**
 * GetAccountSettings for the caller's account and region. TotalCodeSize counts every zip the quota
 * counts: each function's $LATEST code, each published version's code, and each layer version.
 */
export function accountSettings(db: Db, owner: Owner): GetAccountSettingsResponse {
  const usage = db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM functions WHERE account_id = @accountId AND region = @region) AS functionCount,
         (SELECT COALESCE(SUM(code_size), 0) FROM functions WHERE account_id = @accountId AND region = @region)
         + (SELECT COALESCE(SUM(code_size), 0) FROM function_versions WHERE account_id = @accountId AND region = @region)
         + (SELECT COALESCE(SUM(code_size), 0) FROM layer_versions WHERE account_id = @accountId AND region = @region) AS totalCodeSize`,
    )
    .get({ accountId: owner.accountId, region: owner.region }) as { functionCount: number; totalCodeSize: number };
  return {
    AccountLimit: { ...ACCOUNT_LIMIT },
    AccountUsage: { TotalCodeSize: usage.totalCodeSize, FunctionCount: usage.functionCount },
  };
}
