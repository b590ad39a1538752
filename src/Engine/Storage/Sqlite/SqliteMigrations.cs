namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// The schema, as an ordered list of migrations. Never edit a migration that has shipped: append a new one.
/// Timestamps are INTEGER unix milliseconds (UTC) everywhere, so they sort and compare in indexes.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "initial schema", """
            CREATE TABLE definitions (
                id          TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                name        TEXT,
                description TEXT,
                json        TEXT    NOT NULL,
                created_at  INTEGER NOT NULL,
                deleted     INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (id, version)
            );

            -- At most one published version per definition id.
            CREATE TABLE published_definitions (
                definition_id TEXT    NOT NULL PRIMARY KEY,
                version       INTEGER NOT NULL,
                published_at  INTEGER NOT NULL,
                FOREIGN KEY (definition_id, version) REFERENCES definitions (id, version)
            );

            CREATE TABLE instances (
                id                 TEXT    NOT NULL PRIMARY KEY,
                definition_id      TEXT    NOT NULL,
                definition_version INTEGER NOT NULL,
                status             TEXT    NOT NULL,
                queue              TEXT    NOT NULL,
                idempotency_key    TEXT,
                parent_instance_id TEXT,
                parent_node_id     TEXT,
                cancel_request     TEXT,
                created_at         INTEGER NOT NULL,
                updated_at         INTEGER NOT NULL,
                completed_at       INTEGER,
                state              TEXT    NOT NULL
            );
            CREATE UNIQUE INDEX ux_instances_idempotency ON instances (definition_id, idempotency_key)
                WHERE idempotency_key IS NOT NULL;
            CREATE INDEX ix_instances_created ON instances (created_at);
            CREATE INDEX ix_instances_status ON instances (status, created_at);
            CREATE INDEX ix_instances_definition ON instances (definition_id, created_at);
            CREATE INDEX ix_instances_parent ON instances (parent_instance_id, created_at)
                WHERE parent_instance_id IS NOT NULL;

            -- seq orders rows as first written; an update (attempt end) keeps it. definition_id is
            -- copied from the instance so per-workflow, per-node metrics need no join.
            CREATE TABLE journal (
                seq           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                id            TEXT    NOT NULL UNIQUE,
                instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
                definition_id TEXT,
                scope         TEXT    NOT NULL,
                node_id       TEXT    NOT NULL,
                activity_type TEXT    NOT NULL,
                attempt       INTEGER NOT NULL,
                status        TEXT    NOT NULL,
                port          TEXT,
                inputs        TEXT,
                output        TEXT,
                error         TEXT,
                started_at    INTEGER NOT NULL,
                ended_at      INTEGER
            );
            CREATE INDEX ix_journal_instance ON journal (instance_id, seq);
            CREATE INDEX ix_journal_node ON journal (definition_id, node_id, started_at);
            CREATE INDEX ix_journal_activity ON journal (activity_type, started_at);

            CREATE TABLE events (
                instance_id TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
                seq         INTEGER NOT NULL,
                type        TEXT    NOT NULL,
                node_id     TEXT,
                data        TEXT,
                at          INTEGER NOT NULL,
                PRIMARY KEY (instance_id, seq)
            );

            CREATE TABLE signals (
                id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                instance_id TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
                name        TEXT    NOT NULL,
                payload     TEXT,
                received_at INTEGER NOT NULL,
                consumed_at INTEGER
            );
            CREATE INDEX ix_signals_pending ON signals (instance_id, id) WHERE consumed_at IS NULL;

            -- One row per instance that has something to do. wake = 1 when a signal or a cancel request
            -- arrived since the item was last claimed (see WorkPlan.Remove).
            CREATE TABLE work_queue (
                instance_id TEXT    NOT NULL PRIMARY KEY REFERENCES instances (id) ON DELETE CASCADE,
                queue       TEXT    NOT NULL,
                ready_at    INTEGER NOT NULL,
                lease_owner TEXT,
                lease_until INTEGER,
                wake        INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_work_queue_due ON work_queue (queue, ready_at);
            """),
        new(2, "worker presence", """
            -- One row per worker process, refreshed by its heartbeat; a worker is live while last_seen is recent.
            CREATE TABLE workers (
                id          TEXT    NOT NULL PRIMARY KEY,
                queues      TEXT    NOT NULL,
                host        TEXT,
                started_at  INTEGER NOT NULL,
                last_seen   INTEGER NOT NULL,
                active      INTEGER NOT NULL DEFAULT 0
            );
            """),
        new(3, "monitoring", SqliteMonitoringSql.Migration),
    ];
}
