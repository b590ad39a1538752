using System.Data;
using System.Text;
using Npgsql;

namespace Weft.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const int MaxPageSize = 500;

    /// <summary>
    /// Inserts with <c>ON CONFLICT DO NOTHING</c>: a concurrent create of the same id or idempotency key in another
    /// process waits for that one to commit, then finds its instance and returns it with <c>Created = false</c>.
    /// </summary>
    public Task<CreateInstanceResult> CreateInstanceAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken = default) =>
        CreateAsync(instance, events, lease: null, firstCommit: null, cancellationToken);

    /// <summary>As <see cref="CreateInstanceAsync"/>, without the work notification: nobody else may claim the item yet.</summary>
    public Task<CreateInstanceResult> CreateLeasedInstanceAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, string workerId, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default, InstanceCommit? firstCommit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return CreateAsync(instance, events, (workerId, now + lease), firstCommit, cancellationToken);
    }

    /// <summary>Inserts the instance, its events and its work item, the item leased to <paramref name="lease"/>'s worker when given.</summary>
    private Task<CreateInstanceResult> CreateAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, (string Owner, DateTimeOffset Until)? lease, InstanceCommit? firstCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(instance.Id, nameof(instance));

        var state = StoredValues.ToJson(instance.State);
        var eventRows = events.Select(PreparedEvent.From).ToList();
        var now = _time.GetUtcNow();
        var commit = firstCommit is null ? null : CommitWriter.Prepare(firstCommit, now);
        return WriteAsync(async session =>
        {
            await using (var insert = session.CreateBatch())
            {
                var inserted = InstanceRows.AddInsert(insert, instance, state);
                await insert.RunAsync(CancellationToken.None).ConfigureAwait(false);
                if (inserted.RecordsAffected == 0)
                    return new CreateInstanceResult(await FindExistingAsync(session, instance).ConfigureAwait(false), Created: false);
            }

            await using var rest = session.CreateBatch();
            foreach (var row in eventRows)
                EventRows.AddWrite(rest, row);
            rest.Add(WorkQueueRows.InsertReady)
                .WithText("id", instance.Id)
                .WithText("queue", instance.Queue)
                .WithTime("ready_at", instance.CreatedAt)
                .WithText("lease_owner", lease?.Owner)
                .WithTime("lease_until", lease?.Until);
            if (lease is null)
                Notifications.AddWorkDue(rest, _channels.Work, instance.Id, now > instance.CreatedAt ? now : instance.CreatedAt);
            foreach (var payload in EventRows.Notifications(eventRows))
                Notifications.Add(rest, _channels.Events, payload);
            // The first commit rides in the same round trip: the lease it is fenced by was inserted just before.
            if (commit is not null)
                CommitWriter.AddStatements(rest, commit, _channels);
            await rest.RunAsync(CancellationToken.None).ConfigureAwait(false);
            return new CreateInstanceResult(instance, Created: true);
        }, cancellationToken);
    }

    /// <summary>The instance that made the insert a no-op: same id, else same (definition, idempotency key).</summary>
    private static async Task<InstanceRecord> FindExistingAsync(PostgresWriteSession session, InstanceRecord instance)
    {
        await using var batch = session.CreateBatch();
        batch.Add(InstanceRows.SelectById).WithText("id", instance.Id);
        batch.Add(InstanceRows.SelectByIdempotencyKey)
            .WithText("definition_id", instance.DefinitionId)
            .WithText("key", instance.IdempotencyKey);
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        var existing = await InstanceRows.ReadFirstAsync(reader, CancellationToken.None).ConfigureAwait(false);
        if (existing is null)
        {
            await reader.NextResultAsync().ConfigureAwait(false);
            existing = await InstanceRows.ReadFirstAsync(reader, CancellationToken.None).ConfigureAwait(false);
        }

        await reader.DrainAsync(CancellationToken.None).ConfigureAwait(false);
        // ON CONFLICT saw a row that conflicts on one of the two keys; both lookups run after it, in the same transaction.
        return existing ?? throw new InvalidOperationException($"Instance '{instance.Id}' conflicted with a row that cannot be found.");
    }

    public Task<InstanceRecord?> GetInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, ct) =>
        {
            await using var batch = connection.CreateBatch();
            batch.Add(InstanceRows.SelectById).WithText("id", id);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await InstanceRows.ReadFirstAsync(reader, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Newest first (ties by id). <see cref="InstanceQuery.CreatedAfter"/> is inclusive and
    /// <see cref="InstanceQuery.CreatedBefore"/> exclusive, so adjacent windows neither overlap nor leave gaps.
    /// </summary>
    public Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = InstanceQuerySql.Where(query);

        var countSql = "SELECT count(*) FROM instances " + where;
        var pageSql = "SELECT " + InstanceRows.Columns + " FROM instances " + where
            + " ORDER BY created_at DESC, id DESC LIMIT @take OFFSET @skip";
        var take = Math.Clamp(query.Take, 0, MaxPageSize);
        var skip = Math.Max(0, query.Skip);

        return ReadAsync(async (connection, ct) =>
        {
            // One snapshot for the total and the page.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            await using var batch = connection.CreateBatch();
            Bind(batch.Add(countSql), query);
            Bind(batch.Add(pageSql), query).WithInt("take", take).WithInt("skip", skip);

            int total;
            var items = new List<InstanceRecord>();
            await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                await reader.ReadAsync(ct).ConfigureAwait(false);
                total = (int)reader.GetInt64(0);
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    items.Add(InstanceRows.Read(reader, withState: false));
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return new InstancePage(items, total);
        }, cancellationToken);
    }

    private static NpgsqlBatchCommand Bind(NpgsqlBatchCommand command, InstanceQuery query)
    {
        if (query.Status is { } status)
            command.WithText("status", status.ToString());
        if (query.DefinitionId is not null)
            command.WithText("definition_id", query.DefinitionId);
        if (query.ParentInstanceId is not null)
            command.WithText("parent_instance_id", query.ParentInstanceId);
        if (query.CreatedAfter is { } after)
            command.WithTime("created_after", after);
        if (query.CreatedBefore is { } before)
            command.WithTime("created_before", before);
        return command;
    }

    public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var prepared = CommitWriter.Prepare(commit, _time.GetUtcNow());
        var instanceId = commit.Instance.Id;
        return WriteStatementsAsync(
            batch => CommitWriter.AddStatements(batch, prepared, _channels),
            error => CommitWriter.Describe(error, instanceId),
            cancellationToken);
    }

    public Task AppendAsync(IReadOnlyList<JournalEntry> journal, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(events);
        if (journal.Count == 0 && events.Count == 0)
            return Task.CompletedTask;

        var journalRows = journal.Select(PreparedJournalRow.From).ToList();
        var eventRows = events.Select(PreparedEvent.From).ToList();
        return WriteStatementsAsync(batch =>
        {
            foreach (var row in journalRows)
                JournalRows.AddWrite(batch, row);
            foreach (var row in eventRows)
                EventRows.AddWrite(batch, row);
            foreach (var payload in EventRows.Notifications(eventRows))
                Notifications.Add(batch, _channels.Events, payload);
        }, describe: null, cancellationToken);
    }

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<JournalEntry>>(async (connection, ct) =>
        {
            var entries = new List<JournalEntry>();
            await using var batch = connection.CreateBatch();
            batch.Add(JournalRows.SelectByInstance).WithText("instance_id", instanceId);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                entries.Add(JournalRows.Read(reader));
            return entries;
        }, cancellationToken);

    public Task<IReadOnlyList<InstanceEvent>> GetEventsAsync(string instanceId, long afterSequence, int take = 1000, CancellationToken cancellationToken = default)
    {
        if (take <= 0)
            return Task.FromResult<IReadOnlyList<InstanceEvent>>([]);

        return ReadAsync<IReadOnlyList<InstanceEvent>>(async (connection, ct) =>
        {
            var events = new List<InstanceEvent>();
            await using var batch = connection.CreateBatch();
            batch.Add(EventRows.SelectAfter)
                .WithText("instance_id", instanceId)
                .WithLong("after", afterSequence)
                .WithInt("take", take);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                events.Add(EventRows.Read(reader));
            return events;
        }, cancellationToken);
    }
}
