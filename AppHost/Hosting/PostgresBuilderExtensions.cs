namespace Weft.AppHost.Hosting;

public static class PostgresBuilderExtensions
{
    /// <summary>A database on the server (created at start when missing); referencing services get <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var database = new PostgresDatabaseResource(name, server.Resource, databaseName ?? name);
        database.WaitsFor.Add(server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.Add(database);
    }
}
