using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Weft.Engine.Model;

namespace Weft.Engine.Storage;

/// <summary>
/// What both stores do alike with stored values: documents as JSON text written with
/// <see cref="WeftJson.Options"/> (on the caller's thread), enums as their names, and anything that
/// cannot be read back reported as a <see cref="StoreCorruptionException"/> naming the table and row.
/// Provider-specific value handling (timestamps) stays in SqliteValues and PostgresValues.
/// </summary>
internal static class StoredValues
{
    public static string? ToJson(JsonNode? node) => node?.ToJsonString(WeftJson.Options);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static string? ToJsonOrNull<T>(T? value) where T : class => value is null ? null : ToJson(value);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static JsonNode? ReadNode(this DbDataReader reader, int ordinal, string table, string rowId)
    {
        if (reader.IsDBNull(ordinal))
            return null;
        try
        {
            return JsonNode.Parse(reader.GetString(ordinal));
        }
        catch (JsonException error)
        {
            throw Corrupt(table, rowId, reader.GetName(ordinal), error);
        }
    }

    public static T ReadDocument<T>(this DbDataReader reader, int ordinal, string table, string rowId) where T : class =>
        reader.ReadDocumentOrNull<T>(ordinal, table, rowId)
        ?? throw Corrupt(table, rowId, reader.GetName(ordinal), null);

    public static T? ReadDocumentOrNull<T>(this DbDataReader reader, int ordinal, string table, string rowId) where T : class
    {
        if (reader.IsDBNull(ordinal))
            return null;
        try
        {
            return JsonSerializer.Deserialize(reader.GetString(ordinal), TypeInfo<T>());
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw Corrupt(table, rowId, reader.GetName(ordinal), error);
        }
    }

    public static TEnum ReadEnum<TEnum>(this DbDataReader reader, int ordinal, string table, string rowId) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(reader.GetString(ordinal), ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw Corrupt(table, rowId, reader.GetName(ordinal), null);

    public static StoreCorruptionException Corrupt(string table, string rowId, string column, Exception? inner) =>
        new($"The {table} row '{rowId}' cannot be read: column '{column}' does not hold what Weft wrote there"
            + (inner is null ? "." : $" ({inner.Message})."), inner);

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)WeftJson.Options.GetTypeInfo(typeof(T));
}
