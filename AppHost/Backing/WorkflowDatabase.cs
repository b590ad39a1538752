using Microsoft.Extensions.Configuration;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Backing;

/// <summary>
/// Chooses what backs the workflow database, in this order: PostgreSQL from <c>ConnectionStrings:weft</c> when given;
/// else a PostgreSQL cluster from the local binaries (<c>&lt;state&gt;/postgres</c>); else SQLite (<c>&lt;state&gt;/weft.db</c>).
/// <c>Weft:AppHost:Database</c> = auto (default) | postgres | sqlite overrides the choice. Referencing services get
/// <c>ConnectionStrings__weft</c> and <c>Weft__Store__Provider</c> (postgres or sqlite). The console says what was chosen and how to choose the other.
/// </summary>
public static class WorkflowDatabase
{
    public const string ChoiceKey = "Weft:AppHost:Database";

    public static IResourceBuilder<ConnectionStringResource> AddWorkflowDatabase(this DistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var choice = (builder.Options.Database ?? "auto").Trim().ToLowerInvariant();
        if (choice is not ("auto" or "postgres" or "sqlite"))
            throw new InvalidOperationException($"{ChoiceKey} is '{builder.Options.Database}'; expected auto, postgres or sqlite.");

        var connectionString = builder.Configuration.GetConnectionString(name);
        if (choice != "sqlite" && !string.IsNullOrWhiteSpace(connectionString))
        {
            return Postgres(builder, builder.AddPostgresConnection(name, connectionString), $"ConnectionStrings:{name}",
                $"{name}: PostgreSQL from ConnectionStrings:{name}. For SQLite set {ChoiceKey}=sqlite.");
        }

        if (choice != "sqlite" && PostgresBinaries.Directory is { } binaries)
        {
            var server = builder.AddPostgres("postgres")
                .WithProperty("backing", $"local PostgreSQL binaries ({binaries})");
            return Postgres(builder, server.AddDatabase(name), "local PostgreSQL binaries",
                $"{name}: PostgreSQL from the local binaries in {binaries}, cluster in {server.Resource.DataDirectory}. " +
                $"For SQLite set {ChoiceKey}=sqlite; for another server set ConnectionStrings:{name}.");
        }

        if (choice == "postgres")
        {
            throw new InvalidOperationException(
                $"{ChoiceKey}=postgres, but ConnectionStrings:{name} is not set and no PostgreSQL server binaries (initdb, pg_ctl) were found. " +
                "Set the connection string, install PostgreSQL (apt-get install postgresql), or set it to auto or sqlite.");
        }

        var why = choice == "sqlite" ? $"{ChoiceKey}=sqlite" : $"no ConnectionStrings:{name} and no local PostgreSQL binaries";
        var sqlite = builder.AddSqlite(name, $"{name}.db")
            .WithReferenceEnvironment("Weft__Store__Provider", "sqlite")
            .WithProperty("backing", $"SQLite ({why})");
        builder.Notes.Add($"{name}: SQLite at {sqlite.Resource.Path} ({why}). " +
            $"For PostgreSQL set ConnectionStrings:{name}, or install PostgreSQL (apt-get install postgresql) and set {ChoiceKey}=auto.");
        return sqlite;
    }

    private static IResourceBuilder<ConnectionStringResource> Postgres<T>(DistributedApplicationBuilder builder, IResourceBuilder<T> database, string backing, string note)
        where T : ConnectionStringResource
    {
        database.WithReferenceEnvironment("Weft__Store__Provider", "postgres").WithProperty("backing", $"PostgreSQL ({backing})");
        builder.Notes.Add(note);
        return database;
    }
}
