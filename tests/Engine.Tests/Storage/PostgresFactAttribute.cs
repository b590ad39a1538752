namespace Weft.Engine.Tests.Storage;

/// <summary>
/// A test that needs a PostgreSQL cluster: skipped, with the reason in the test report, when the server binaries are
/// missing and <c>CI</c> is not <c>true</c>; under CI it runs and fails with the cluster fixture's message.
/// (Inherited contract tests carry plain [Fact]s: <see cref="RequiresPostgresAttribute"/> covers them.)
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresBinaries.SkipReason is { } reason)
            Skip = reason;
    }
}
