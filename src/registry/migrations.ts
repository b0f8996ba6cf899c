/**
 * Numbered schema migrations. Append only: a released migration is never edited, a change is a new
 * entry. `schema_version` records the highest applied number.
 *
 * Deleted layer versions are removed from `layer_versions`; what a function still needs of them
 * (ARN, sizes, blob key) is copied into `function_layers` when the function is configured, so a
 * function keeps running on a deleted version and the blob stays referenced. `layers.last_version`
 * survives deletions so version numbers are never reused.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE layers (
    account_id   TEXT NOT NULL,
    region       TEXT NOT NULL,
    name         TEXT NOT NULL,
    last_version INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, name)
  );
  CREATE TABLE layer_versions (
    account_id               TEXT NOT NULL,
    region                   TEXT NOT NULL,
    name                     TEXT NOT NULL,
    version                  INTEGER NOT NULL,
    description              TEXT NOT NULL,
    license_info             TEXT,
    compatible_runtimes      TEXT,
    compatible_architectures TEXT,
    created_date             TEXT NOT NULL,
    blob_key                 TEXT NOT NULL,
    code_sha256              TEXT NOT NULL,
    code_size                INTEGER NOT NULL,
    unzipped_size            INTEGER NOT NULL,
    entries                  TEXT NOT NULL,
    policy_revision_id       TEXT,
    PRIMARY KEY (account_id, region, name, version)
  );
  CREATE TABLE layer_permissions (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id      TEXT NOT NULL,
    region          TEXT NOT NULL,
    name            TEXT NOT NULL,
    version         INTEGER NOT NULL,
    statement_id    TEXT NOT NULL,
    principal       TEXT NOT NULL,
    organization_id TEXT,
    statement       TEXT NOT NULL,
    UNIQUE (account_id, region, name, version, statement_id)
  );
  CREATE TABLE functions (
    account_id        TEXT NOT NULL,
    region            TEXT NOT NULL,
    name              TEXT NOT NULL,
    runtime           TEXT NOT NULL,
    role              TEXT NOT NULL,
    handler           TEXT NOT NULL,
    description       TEXT NOT NULL,
    timeout           INTEGER NOT NULL,
    memory_size       INTEGER NOT NULL,
    environment       TEXT,
    architectures     TEXT NOT NULL,
    ephemeral_storage INTEGER NOT NULL,
    blob_key          TEXT NOT NULL,
    code_sha256       TEXT NOT NULL,
    code_size         INTEGER NOT NULL,
    unzipped_size     INTEGER NOT NULL,
    entries           TEXT NOT NULL,
    last_modified     TEXT NOT NULL,
    revision_id       TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name)
  );
  CREATE TABLE function_layers (
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    function_name TEXT NOT NULL,
    position      INTEGER NOT NULL,
    arn           TEXT NOT NULL,
    code_sha256   TEXT NOT NULL,
    code_size     INTEGER NOT NULL,
    unzipped_size INTEGER NOT NULL,
    blob_key      TEXT NOT NULL,
    PRIMARY KEY (account_id, region, function_name, position),
    FOREIGN KEY (account_id, region, function_name) REFERENCES functions (account_id, region, name) ON DELETE CASCADE
  );
  `,
  // 2: Lambda's asynchronous event queue, durable across restarts (docs/async-invocation.md). The
  // payload stays here, never in the server's memory, until the event is dispatched.
  `
  CREATE TABLE async_events (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL,
    region          TEXT NOT NULL,
    function_name   TEXT NOT NULL,
    qualifier       TEXT,
    payload         BLOB NOT NULL,
    payload_bytes   INTEGER NOT NULL,
    client_context  TEXT,
    accepted_at     INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_by      TEXT
  );
  CREATE INDEX async_events_due ON async_events (next_attempt_at);
  `,
  // 3: the function lifecycle and versions (docs/lambda-facts.md#function-states,
  // docs/lambda-facts.md#function-versions-and-aliases). `settles_at` (epoch ms) ends the Pending or
  // InProgress window named by `settling`; reads after it show `settled_revision_id`. A published
  // version is a frozen copy of the function (`record`, JSON) with the layers it had; the blob keys it
  // needs are in `function_version_blobs` for the garbage collector. Existing functions read as settled.
  `
  ALTER TABLE functions ADD COLUMN settling TEXT;
  ALTER TABLE functions ADD COLUMN settles_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE functions ADD COLUMN settled_revision_id TEXT;
  ALTER TABLE functions ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE function_versions (
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    function_name TEXT NOT NULL,
    version       INTEGER NOT NULL,
    record        TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    code_size     INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, function_name, version)
  );
  CREATE TABLE function_version_blobs (
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    function_name TEXT NOT NULL,
    version       INTEGER NOT NULL,
    blob_key      TEXT NOT NULL,
    FOREIGN KEY (account_id, region, function_name, version)
      REFERENCES function_versions (account_id, region, function_name, version) ON DELETE CASCADE
  );
  CREATE INDEX function_version_blobs_owner ON function_version_blobs (account_id, region, function_name, version);
  CREATE TABLE function_aliases (
    account_id       TEXT NOT NULL,
    region           TEXT NOT NULL,
    function_name    TEXT NOT NULL,
    name             TEXT NOT NULL,
    function_version TEXT NOT NULL,
    description      TEXT NOT NULL,
    routing_config   TEXT,
    revision_id      TEXT NOT NULL,
    PRIMARY KEY (account_id, region, function_name, name)
  );
  `,
];
