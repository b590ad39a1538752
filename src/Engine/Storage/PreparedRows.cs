using Weft.Engine.Runtime;

namespace Weft.Engine.Storage;

/// <summary>
/// A journal row as it was when handed to a store, its JSON serialized on the caller's thread: the
/// store's writer sends it later (PostgreSQL: again after a deadlock), while the runtime may go on
/// changing its <see cref="JournalEntry"/>.
/// </summary>
internal sealed record PreparedJournalRow(
    string Id, string InstanceId, string Scope, string NodeId, string ActivityType, int Attempt, JournalStatus Status,
    string? Port, string? Inputs, string? Output, string? Error, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public static PreparedJournalRow From(JournalEntry entry) => new(
        entry.Id, entry.InstanceId, entry.Scope, entry.NodeId, entry.ActivityType, entry.Attempt, entry.Status, entry.Port,
        StoredValues.ToJson(entry.Inputs), StoredValues.ToJson(entry.Output), StoredValues.ToJsonOrNull(entry.Error),
        entry.StartedAt, entry.EndedAt);
}

/// <summary>An event with its data serialized on the caller's thread.</summary>
internal sealed record PreparedEvent(InstanceEvent Event, string? Data)
{
    public static PreparedEvent From(InstanceEvent e) => new(e, StoredValues.ToJson(e.Data));
}
