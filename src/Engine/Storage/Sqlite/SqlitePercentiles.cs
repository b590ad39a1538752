using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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
        // Straight on SQLitePCL: Microsoft.Data.Sqlite's CreateAggregate converts every value through its generic
        // reader, which costs more than the aggregation itself at 100k rows.
        var result = raw.sqlite3_create_function(connection.Handle, Function, 1, raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, Step, Final);
        if (result != raw.SQLITE_OK)
            throw new InvalidOperationException($"Registering {Function} failed with SQLite error {result}.");
        Registered.AddOrUpdate(connection, new object());
    }

    private static void Step(sqlite3_context context, object userData, sqlite3_value[] args)
    {
        if (raw.sqlite3_value_type(args[0]) == raw.SQLITE_NULL)
            return;
        if (context.state is not List<long> values)
            context.state = values = new List<long>(256);
        values.Add(raw.sqlite3_value_int64(args[0]));
    }

    private static void Final(sqlite3_context context, object userData)
    {
        if (Result(context.state as List<long>) is { } text)
            raw.sqlite3_result_text(context, text);
        else
            raw.sqlite3_result_null(context);
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
