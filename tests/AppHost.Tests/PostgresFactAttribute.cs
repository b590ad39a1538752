using Weft.AppHost.Backing;

namespace Weft.AppHost.Tests;

/// <summary>
/// A test that needs the local PostgreSQL server binaries: outside CI it is skipped, loudly, when they are missing;
/// under <c>CI=true</c> it runs anyway and fails with what is missing.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (PostgresBinaries.Directory is null && !ci)
            Skip = "SKIPPED: PostgreSQL server binaries (initdb, pg_ctl) were not found in $WEFT_PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/*/bin or PATH. Install them (apt-get install postgresql); with CI=true this is a failure.";
    }
}
