using System.Text;
using Microsoft.Data.Sqlite;

namespace Weft.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string SelectByIdempotencyKey =
        "SELECT " + InstanceRows.ColumnsWithState + " FROM instances WHERE definition_id = @definition_id AND idempotency_key = @key";

    private const int MaxPageSize = 500;

    public Task<CreateInstanceResult> CreateInstanceAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken = default) =>
        CreateAsync(instance, events, lease: null, firstCommit: null, cancellationToken);

    public Task<CreateInstanceResult> CreateLeasedInstanceAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, string workerId, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken = default, InstanceCommit? firstCommit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return CreateAsync(instance, events, (workerId, SqliteValues.ToDb(now + lease)), firstCommit, cancellationToken);
    }

    /// <summary>
    /// Inserts the instance, its events and its work item, the item leased to <paramref name="lease"/>'s worker when
    /// given; then, for a new instance, applies <paramref name="firstCommit"/> in the same transaction.
    /// </summary>
    private Task<CreateInstanceResult> CreateAsync(InstanceRecord instance, IReadOnlyList<InstanceEvent> events, (string Owner, long Until)? lease, InstanceCommit? firstCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(instance.Id, nameof(instance));

        var state = StoredValues.ToJson(instance.State);
        var eventRows = events.Select(PreparedEvent.From).ToList();
        var commit = firstCommit is null ? null : CommitWriter.Prepare(firstCommit);
        return WriteAsync(session =>
        {
            var existing = InstanceRows.ReadById(session, instance.Id) ?? FindByIdempotencyKey(session, instance);
            if (existing is not null)
                return new CreateInstanceResult(existing, Created: false);

            session.Command(InstanceRows.Insert)
                .With("@id", instance.Id)
                .With("@definition_id", instance.DefinitionId)
                .With("@definition_version", instance.DefinitionVersion)
                .With("@status", instance.Status.ToString())
                .With("@queue", instance.Queue)
                .With("@idempotency_key", instance.IdempotencyKey)
                .With("@parent_instance_id", instance.ParentInstanceId)
                .With("@parent_node_id", instance.ParentNodeId)
                .With("@cancel_request", InstanceRows.ToDb(instance.CancelRequest))
                .With("@created_at", SqliteValues.ToDb(instance.CreatedAt))
                .With("@updated_at", SqliteValues.ToDb(instance.UpdatedAt))
                .With("@completed_at", SqliteValues.ToDb(instance.CompletedAt))
                .With("@state", state)
                .ExecuteNonQuery();
            EventRows.WriteAll(session, eventRows);
            session.Command(WorkQueueRows.InsertReady)
                .With("@instance_id", instance.Id)
                .With("@queue", instance.Queue)
                .With("@ready_at", SqliteValues.ToDb(instance.CreatedAt))
                .With("@lease_owner", lease?.Owner)
                .With("@lease_until", lease?.Until)
                .ExecuteNonQuery();
            if (commit is not null)
                CommitWriter.Apply(session, commit);
            return new CreateInstanceResult(instance, Created: true);
        }, cancellationToken);
    }

    private static InstanceRecord? FindByIdempotencyKey(SqliteSession session, InstanceRecord instance)
    {
        if (instance.IdempotencyKey is null)
            return null;
        using var reader = session.Command(SelectByIdempotencyKey)
            .With("@definition_id", instance.DefinitionId)
            .With("@key", instance.IdempotencyKey)
            .ExecuteReader();
        return reader.Read() ? InstanceRows.Read(reader, withState: true) : null;
    }

    public Task<InstanceRecord?> GetInstanceAsync(string id, CancellationToken cancellationToken = default) =>
        ReadAsync(session => InstanceRows.ReadById(session, id), cancellationToken);

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

        return ReadAsync(session =>
        {
            // One read transaction: the total and the page come from the same snapshot.
            session.Execute("BEGIN");
            try
            {
                var total = Convert.ToInt32(Bind(session.Command(countSql), query).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                var items = new List<InstanceRecord>();
                using (var reader = Bind(session.Command(pageSql), query).With("@take", take).With("@skip", skip).ExecuteReader())
                {
                    while (reader.Read())
                        items.Add(InstanceRows.Read(reader, withState: false));
                }

                return new InstancePage(items, total);
            }
            finally
            {
                session.Execute("COMMIT");
            }
        }, cancellationToken);
    }

    private static SqliteCommand Bind(SqliteCommand command, InstanceQuery query)
    {
        if (query.Status is { } status)
            command.With("@status", status.ToString());
        if (query.DefinitionId is not null)
            command.With("@definition_id", query.DefinitionId);
        if (query.ParentInstanceId is not null)
            command.With("@parent_instance_id", query.ParentInstanceId);
        if (query.CreatedAfter is { } after)
            command.With("@created_after", SqliteValues.ToDb(after));
        if (query.CreatedBefore is { } before)
            command.With("@created_before", SqliteValues.ToDb(before));
        return command;
    }

    public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var prepared = CommitWriter.Prepare(commit);
        return WriteAsync(session =>
        {
            CommitWriter.Apply(session, prepared);
            return true;
        }, cancellationToken);
    }

    public Task AppendAsync(IReadOnlyList<JournalEntry> journal, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(events);
        if (journal.Count == 0 && events.Count == 0)
            return Task.CompletedTask;

        var journalRows = journal.Select(PreparedJournalRow.From).ToList();
        var eventRows = events.Select(PreparedEvent.From).ToList();
        return WriteAsync(session =>
        {
            JournalRows.WriteAll(session, journalRows);
            EventRows.WriteAll(session, eventRows);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<JournalEntry>>(session =>
        {
            var entries = new List<JournalEntry>();
            using var reader = session.Command(JournalRows.SelectByInstance).With("@instance_id", instanceId).ExecuteReader();
            while (reader.Read())
                entries.Add(JournalRows.Read(reader));
            return entries;
        }, cancellationToken);

    public Task<IReadOnlyList<InstanceEvent>> GetEventsAsync(string instanceId, long afterSequence, int take = 1000, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<InstanceEvent>>(session =>
        {
            var events = new List<InstanceEvent>();
            if (take <= 0)
                return events;
            using var reader = session.Command(EventRows.SelectAfter)
                .With("@instance_id", instanceId)
                .With("@after", afterSequence)
                .With("@take", take)
                .ExecuteReader();
            while (reader.Read())
                events.Add(EventRows.Read(reader));
            return events;
        }, cancellationToken);
}
