using Microsoft.Data.Sqlite;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Where the SQLite store lives. Aspire hands a resource to a project as <c>ConnectionStrings:weft</c>
/// (<c>Data Source=&lt;path&gt;</c>), so that wins; then <c>Weft:Store:Sqlite:Path</c>; then
/// <c>&lt;ContentRoot&gt;/.weft/weft.db</c>. Relative paths are relative to the content root, not to
/// whatever directory the process happened to start in.
/// </summary>
internal static class StorePath
{
    public const string ConnectionStringName = "weft";

    public static string Resolve(IConfiguration configuration, string contentRoot)
    {
        var path = FromConnectionString(configuration.GetConnectionString(ConnectionStringName))
            ?? configuration[$"{WorkflowServerOptions.SectionName}:Store:Sqlite:Path"];
        if (string.IsNullOrWhiteSpace(path)) path = Path.Combine(".weft", "weft.db");
        return Path.GetFullPath(path, contentRoot);
    }

    private static string? FromConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return null;
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not a SQLite connection string (expected \"Data Source=<path>\"): {ex.Message}", ex);
        }
        return string.IsNullOrWhiteSpace(builder.DataSource)
            ? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} has no Data Source; expected \"Data Source=<path>\".")
            : builder.DataSource;
    }
}
