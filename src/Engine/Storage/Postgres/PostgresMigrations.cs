namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// The schema, as an ordered list of migrations. Never edit a migration that has shipped: append a new one.
/// Versions mean the same changes as in the SQLite store. Timestamps are <c>timestamptz</c> holding whole
/// milliseconds (the store truncates, as SQLite's integer milliseconds do). Documents are <c>json</c>, not
/// <c>jsonb</c>: it keeps the text as written (key order, number spelling), so reads return what SQLite would,
/// and PostgreSQL still rejects anything that is not JSON. Keys and names use the "C" collation: ordering by
/// them is by bytes, as in SQLite, whatever the database's locale.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<PostgresMigration> All =
    [
        new(1, "initial schema", """
            CREATE TABLE definitions (
                id          text COLLATE "C" NOT NULL,
                version     integer          NOT NULL,
                name        text,
                description text,
                json        json             NOT NULL,
                created_at  timestamptz      NOT NULL,
                deleted     boolean          NOT NULL DEFAULT false,
                PRIMARY KEY (id, version)
            );

            -- At most one published version per definition id.
            CREATE TABLE published_definitions (
                definition_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version       integer          NOT NULL,
                published_at  timestamptz      NOT NULL,
                FOREIGN KEY (definition_id, version) REFERENCES definitions (id, version)
            );

            CREATE TABLE instances (
                id                 text COLLATE "C" NOT NULL PRIMARY KEY,
                definition_id      text COLLATE "C" NOT NULL,
                definition_version integer          NOT NULL,
                status             text             NOT NULL,
                queue              text COLLATE "C" NOT NULL,
                idempotency_key    text COLLATE "C",
                parent_instance_id text COLLATE "C",
                parent_node_id     text,
                cancel_request     text,
                created_at         timestamptz      NOT NULL,
                updated_at         timestamptz      NOT NULL,
                completed_at       timestamptz,
                state              json             NOT NULL
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
                seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id            text COLLATE "C" NOT NULL UNIQUE,
                instance_id   text COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
                definition_id text COLLATE "C",
                scope         text             NOT NULL,
                node_id       text COLLATE "C" NOT NULL,
                activity_type text COLLATE "C" NOT NULL,
                attempt       integer          NOT NULL,
                status        text             NOT NULL,
                port          text,
                inputs        json,
                output        json,
                error         json,
                started_at    timestamptz      NOT NULL,
                ended_at      timestamptz
            );
            CREATE INDEX ix_journal_instance ON journal (instance_id, seq);
            CREATE INDEX ix_journal_node ON journal (definition_id, node_id, started_at);
            CREATE INDEX ix_journal_activity ON journal (activity_type, started_at);

            CREATE TABLE events (
                instance_id text COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
                seq         bigint           NOT NULL,
                type        text             NOT NULL,
                node_id     text,
                data        json,
                at          timestamptz      NOT NULL,
                PRIMARY KEY (instance_id, seq)
            );

            CREATE TABLE signals (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                instance_id text COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
                name        text             NOT NULL,
                payload     json,
                received_at timestamptz      NOT NULL,
                consumed_at timestamptz
            );
            CREATE INDEX ix_signals_pending ON signals (instance_id, id) WHERE consumed_at IS NULL;

            -- One row per instance that has something to do. wake is true when a signal or a cancel request
            -- arrived since the item was last claimed (see WorkPlan.Remove). Claims and renewals change only
            -- columns no index holds; the free space left on each page lets PostgreSQL update in place (HOT).
            CREATE TABLE work_queue (
                instance_id text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES instances (id) ON DELETE CASCADE,
                queue       text COLLATE "C" NOT NULL,
                ready_at    timestamptz      NOT NULL,
                lease_owner text COLLATE "C",
                lease_until timestamptz,
                wake        boolean          NOT NULL DEFAULT false
            ) WITH (fillfactor = 80);
            CREATE INDEX ix_work_queue_due ON work_queue (queue, ready_at);

            -- A commit's lease check: locks the instance's work item, and raises SQLSTATE WL001 (the store reports
            -- LeaseLostException) unless the committing worker holds its lease. An error rather than a row to
            -- inspect, so a commit's statements can all be sent at once.
            CREATE FUNCTION weft_fence(p_instance_id text, p_lease_owner text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM 1 FROM work_queue WHERE instance_id = p_instance_id AND lease_owner = p_lease_owner FOR UPDATE;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'the lease on instance % was lost', p_instance_id USING ERRCODE = 'WL001';
                END IF;
            END
            $$;
            """),
        new(2, "worker presence", """
            -- One row per worker process, refreshed by its heartbeat; a worker is live while last_seen is recent.
            CREATE TABLE workers (
                id          text COLLATE "C" NOT NULL PRIMARY KEY,
                queues      text[]           NOT NULL,
                host        text,
                started_at  timestamptz      NOT NULL,
                last_seen   timestamptz      NOT NULL,
                active      integer          NOT NULL DEFAULT 0
            );
            """),
        new(3, "monitoring", PostgresMonitoringSql.Migration),
    ];
}
