using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// The aggregate <c>weft_percentiles(ms)</c>: exact nearest-rank p50 and p95 of a group's non-NULL values, as the text
/// "p50;p95" (NULL for an empty group). SQLite has no percentile function, and ranking with window functions costs a
/// multiple of the scan itself; this one runs inside SQLite's own GROUP BY, in one pass, and only its result leaves.
/// Registered once per connection, before a monitoring query runs on it.
/// </summary>
internal static class SqlitePercentiles
{
    public const string Function = "weft_percentiles";

    private static readonly ConditionalWeakTable<SqliteConnection, object> Registered = [];

    public static void EnsureRegistered(SqliteConnection connection)
    {
        if (Registered.TryGetValue(connection, out _))
            return;
        // The seed is null (not a list): a seed object would be shared by every group.
        connection.CreateAggregate<long?, List<long>?, string?>(
            Function,
            null,
            (values, ms) =>
            {
                if (ms is { } value) (values ??= []).Add(value);
                return values;
            },
            Result,
            isDeterministic: true);
        Registered.AddOrUpdate(connection, new object());
    }

    private static string? Result(List<long>? values)
    {
        if (values is null || values.Count == 0)
            return null;
        values.Sort();
        var n = values.Count;
        // Nearest rank ⌈p·n⌉ in integers: p50 → (n + 1) / 2, p95 → (95n + 99) / 100 (1-based).
        var p50 = values[((n + 1) / 2) - 1];
        var p95 = values[((95 * n + 99) / 100) - 1];
        return string.Create(CultureInfo.InvariantCulture, $"{p50};{p95}");
    }
}
