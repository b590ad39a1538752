using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Npgsql;
using Weft.Engine.Model;
using Weft.Engine.Runtime;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// How values are stored: timestamps as <c>timestamptz</c> truncated to whole milliseconds in UTC (what SQLite's
/// integer milliseconds keep), enums as their names, documents as JSON text written with <see cref="WeftJson.Options"/>.
/// Anything that cannot be read back is reported as a <see cref="StoreCorruptionException"/> naming the table and the row.
/// </summary>
internal static class PostgresValues
{
    /// <summary>Instances in these states refuse signals and cancel requests: nothing can wake them again.</summary>
    public static readonly string[] EndedStatuses =
        Enum.GetValues<InstanceStatus>().Where(IsEndedForGood).Select(s => s.ToString()).ToArray();

    /// <summary>Instances in these states are not woken by a signal: ended for good, or Faulted (nothing to do until a retry).</summary>
    public static readonly string[] UnwakeableStatuses =
        Enum.GetValues<InstanceStatus>().Where(s => s.IsFinal()).Select(s => s.ToString()).ToArray();

    /// <summary>Final and not retryable: nothing can wake such an instance again (Faulted can be retried).</summary>
    public static bool IsEndedForGood(InstanceStatus status) => status.IsFinal() && status != InstanceStatus.Faulted;

    /// <summary>The stronger of two requests: terminate outranks cancel, which outranks none.</summary>
    public static CancelRequest Strongest(CancelRequest a, CancelRequest b) => (CancelRequest)Math.Max((int)a, (int)b);

    /// <summary>NULL for <see cref="CancelRequest.None"/>, else the name.</summary>
    public static string? ToDb(CancelRequest request) => request == CancelRequest.None ? null : request.ToString();

    /// <summary>UTC, whole milliseconds: Npgsql writes only offset-zero values to timestamptz, and SQLite keeps milliseconds.</summary>
    public static DateTimeOffset ToDb(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    public static DateTimeOffset? ToDb(DateTimeOffset? time) => time is { } t ? ToDb(t) : null;

    public static DateTimeOffset GetTime(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? GetTimeOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);

    public static CancelRequest ReadCancelRequest(this NpgsqlDataReader reader, int ordinal, string table, string rowId) =>
        reader.IsDBNull(ordinal) ? CancelRequest.None : reader.ReadEnum<CancelRequest>(ordinal, table, rowId);
}
