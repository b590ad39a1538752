namespace Weft.Activities.Memory;

/// <summary>Where <see cref="MemoryStore"/> keeps its history and which collection holds the memories.</summary>
public sealed class MemoryStoreOptions
{
    /// <summary>The SQLite file for the history (its own <c>memory_history</c> table, migrations in <c>memory_schema</c>); may be the workflow store's file. Required.</summary>
    public required string HistoryPath { get; init; }

    /// <summary>The vector collection holding the memories. Default: <c>memories</c>.</summary>
    public string Collection { get; init; } = "memories";

    /// <summary>Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a history write waits for another connection's write lock. Default: 30 seconds.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
