using System.Text.RegularExpressions;

namespace Weft.Engine.Storage.Postgres;

/// <summary>How <see cref="PostgresWorkflowStore"/> reaches its database and writes to it.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>). Required. The store sets
    /// <c>Search Path</c> to <see cref="Schema"/>, <c>Command Timeout</c> from <see cref="CommandTimeout"/>, and turns
    /// multiplexing off (LISTEN and the writer's transactions need connections of their own); the rest is used as given.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Batch the writes queued by concurrent callers into shared transactions (one WAL flush for many commits), each
    /// write inside its own savepoint. Default: true. False runs one transaction per write, for comparison and debugging.
    /// </summary>
    public bool GroupCommit { get; init; } = true;

    /// <summary>Most writes one group-commit transaction takes. Default: 256.</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>How long one SQL command may run before it fails. Default: 30 seconds.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The schema holding Weft's tables, created when missing. Default: <c>weft</c>. A lower-case identifier
    /// (<c>[a-z_][a-z0-9_]*</c>, at most 50 characters). The notification channels are named after it
    /// (<c>weft_work</c>, <c>weft_events</c>), so installations in different schemas of one database do not wake each other.
    /// </summary>
    public string Schema { get; init; } = "weft";

    private static readonly Regex SchemaName = new("^[a-z_][a-z0-9_]{0,49}$", RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="schema"/> is a name <see cref="Schema"/> accepts.</summary>
    public static bool IsValidSchemaName(string? schema) => schema is not null && SchemaName.IsMatch(schema);
}
