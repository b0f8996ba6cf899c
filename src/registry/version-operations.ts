import { randomUUID } from 'node:crypto';
import { invalidParameter } from '../common/errors.js';
import type {
  FunctionConfiguration,
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse,
  PublishVersionRequest,
} from './api-types.js';
import type { Db } from './database.js';
import { toFunctionConfiguration, toVersionListItem } from './function-configuration.js';
import { parseFunctionName } from './function-name.js';
import { checkNotBusy, checkRevision, viewOf } from './function-state.js';
import type { FunctionTargets } from './function-targets.js';
import type { FunctionVersions, VersionRecord } from './function-versions.js';
import type { FunctionRecord, Functions } from './functions.js';
import { decodeMarker, pageSize, paginate } from './pagination.js';

/** ListVersionsByFunction's MaxItems range in the model is 1–10000; its default page size is undocumented. */
const DEFAULT_LIST_VERSIONS = 50;
/** The marker key of $LATEST, which lists first; published versions are numbered from 1. */
const LATEST_KEY = 0;

/** PublishVersion and ListVersionsByFunction (docs/lambda-facts.md#function-versions-and-aliases). */
export class VersionOperations {
  constructor(
    private readonly db: Db,
    private readonly functions: Functions,
    private readonly versions: FunctionVersions,
    private readonly targets: FunctionTargets,
  ) {}

  /**
   * `duringOwnUpdate`: CreateFunction's and UpdateFunctionCode's `Publish`, which publish the code
   * they were given while the function is still Pending / InProgress.
   */
  publish(request: PublishVersionRequest, duringOwnUpdate = false): FunctionConfiguration {
    const { name } = parseFunctionName(request.FunctionName, false);
    const owner = this.targets.owner;
    const published = this.db
      .transaction((): VersionRecord => {
        const latest = this.functions.get(owner, name);
        if (latest === undefined) throw this.targets.notFound(name, undefined);
        if (!duringOwnUpdate) {
          checkNotBusy(latest);
          checkRevision(request.RevisionId, viewOf(latest).revisionId);
        }
        if (request.CodeSha256 !== undefined && request.CodeSha256 !== latest.codeSha256) {
          throw invalidParameter(
            `CodeSHA256 (${request.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
          );
        }
        const fingerprint = fingerprintOf(latest);
        // Nothing changed since the newest version: Lambda answers with that version. An update that
        // publishes counts as a change whatever it changed (docs/lambda-facts.md#function-versions-and-aliases).
        const newest = this.versions.newest(owner, name);
        if (newest?.fingerprint === fingerprint && !duringOwnUpdate) return newest;
        const version = latest.lastVersion + 1;
        const record: FunctionRecord = {
          ...latest,
          description: request.Description ?? latest.description,
          revisionId: randomUUID(),
          settling: undefined,
          settlesAt: 0,
          settledRevisionId: undefined,
        };
        this.versions.insert(owner, name, { version, record, fingerprint });
        // Publishing gives $LATEST a new RevisionId too (recorded AWS responses).
        const revisionId = randomUUID();
        this.functions.update(owner, name, () => ({ ...latest, lastVersion: version, revisionId, settledRevisionId: revisionId }));
        return { version, record, fingerprint };
      })
      .immediate();
    const target = { version: String(published.version), qualifier: String(published.version) };
    return toFunctionConfiguration(published.record, 'settled', target);
  }

  list(request: ListVersionsByFunctionRequest): ListVersionsByFunctionResponse {
    const { name } = parseFunctionName(request.FunctionName, true);
    const limit = pageSize(request.MaxItems, DEFAULT_LIST_VERSIONS);
    const after = decodeMarker<number>(request.Marker, 'number');
    const latest = this.functions.get(this.targets.owner, name);
    if (latest === undefined) throw this.targets.notFound(name, undefined);
    const rows: { key: number; configuration: FunctionConfiguration }[] = [];
    if (after === undefined) {
      const view = viewOf(latest);
      const shown = { version: '$LATEST', qualifier: '$LATEST' };
      rows.push({ key: LATEST_KEY, configuration: toFunctionConfiguration(latest, view.moment, shown, view.revisionId) });
    }
    for (const version of this.versions.list(this.targets.owner, name, after ?? LATEST_KEY, limit + 1)) {
      const shown = { version: String(version.version), qualifier: String(version.version) };
      rows.push({ key: version.version, configuration: toFunctionConfiguration(version.record, 'settled', shown) });
    }
    const { page, nextMarker } = paginate(rows, limit, (row) => row.key);
    const items = page.map((row) => toVersionListItem(row.configuration));
    return nextMarker === undefined ? { Versions: items } : { Versions: items, NextMarker: nextMarker };
  }
}

/** What makes a version differ from the one before: code, layers and every configuration member. */
function fingerprintOf(record: FunctionRecord): string {
  return JSON.stringify([
    record.codeSha256,
    record.layers.map((layer) => layer.arn),
    record.runtime,
    record.role,
    record.handler,
    record.description,
    record.timeout,
    record.memorySize,
    record.environment ?? null,
    record.architectures,
    record.ephemeralStorage,
  ]);
}
