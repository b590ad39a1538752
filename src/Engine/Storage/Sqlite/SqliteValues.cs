using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;
using Weft.Engine.Model;

namespace Weft.Engine.Storage.Sqlite;

/// <summary>
/// How values are stored: timestamps as INTEGER unix milliseconds (UTC), enums as their names, documents
/// as JSON text written with <see cref="WeftJson.Options"/>. Anything that cannot be read back is reported
/// as a <see cref="StoreCorruptionException"/> naming the table and the row.
/// </summary>
internal static class SqliteValues
{
    public static long ToDb(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static object? ToDb(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetTimeOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);
}
