using Npgsql;
using NpgsqlTypes;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// Building commands: every parameter is typed, so a NULL still has a type PostgreSQL can resolve, and
/// timestamps are normalized by <see cref="PostgresValues.ToDb(DateTimeOffset)"/>.
/// </summary>
internal static class PostgresCommands
{
    /// <summary>Appends a statement to <paramref name="batch"/> and returns it, for binding.</summary>
    public static NpgsqlBatchCommand Add(this NpgsqlBatch batch, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        return command;
    }

    public static NpgsqlBatchCommand WithText(this NpgsqlBatchCommand command, string name, string? value) =>
        command.With(name, NpgsqlDbType.Text, value);

    public static NpgsqlBatchCommand WithJson(this NpgsqlBatchCommand command, string name, string? json) =>
        command.With(name, NpgsqlDbType.Json, json);

    public static NpgsqlBatchCommand WithTime(this NpgsqlBatchCommand command, string name, DateTimeOffset? time) =>
        command.With(name, NpgsqlDbType.TimestampTz, PostgresValues.ToDb(time));

    public static NpgsqlBatchCommand WithInt(this NpgsqlBatchCommand command, string name, int value) =>
        command.With(name, NpgsqlDbType.Integer, value);

    public static NpgsqlBatchCommand WithLong(this NpgsqlBatchCommand command, string name, long value) =>
        command.With(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlBatchCommand WithBool(this NpgsqlBatchCommand command, string name, bool value) =>
        command.With(name, NpgsqlDbType.Boolean, value);

    public static NpgsqlBatchCommand WithTextArray(this NpgsqlBatchCommand command, string name, IReadOnlyCollection<string> values) =>
        command.With(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values as string[] ?? values.ToArray());

    /// <summary>An array parameter, for statements that write many rows through <c>unnest</c>.</summary>
    public static NpgsqlBatchCommand WithArray(this NpgsqlBatchCommand command, string name, NpgsqlDbType elementType, object values)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | elementType) { Value = values });
        return command;
    }

    private static NpgsqlBatchCommand With(this NpgsqlBatchCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }

    /// <summary>
    /// The statement of <paramref name="batch"/> that raised <paramref name="error"/>. Npgsql leaves the exception's
    /// <c>BatchCommand</c> empty, but marks every statement that completed with its type: the failed one is the first
    /// left <see cref="StatementType.Unknown"/> (PostgreSQL skipped those after it).
    /// </summary>
    public static NpgsqlBatchCommand? FailedCommand(this NpgsqlBatch batch, PostgresException error) =>
        error.BatchCommand ?? batch.BatchCommands.FirstOrDefault((NpgsqlBatchCommand c) => c.StatementType == StatementType.Unknown);

    /// <summary>Runs a batch that returns no rows the caller needs.</summary>
    public static Task RunAsync(this NpgsqlBatch batch, CancellationToken cancellationToken) =>
        batch.ExecuteNonQueryAsync(cancellationToken);

    /// <summary>
    /// Reads past every remaining result, so an error raised by a later statement of the batch surfaces here, in
    /// the caller's try block, and not when the reader is disposed.
    /// </summary>
    public static async Task DrainAsync(this NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }
}
