using Microsoft.Extensions.Configuration;

namespace Weft.AppHost.Hosting;

/// <summary>
/// Composes the distributed application (Aspire's builder, ours): add resources, connect them with the
/// <c>With…</c> verbs, then <see cref="Build"/>. Configuration comes from appsettings.json next to the AppHost
/// project, environment variables and the command line.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(string[] args, string projectDirectory, TextWriter output)
    {
        Output = output;
        ProjectDirectory = projectDirectory;
        RepositoryRoot = Path.GetFullPath(Path.Combine(projectDirectory, ".."));
        EnvironmentName = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        Configuration = new ConfigurationBuilder()
            .SetBasePath(projectDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        Options = Configuration.GetSection(AppHostOptions.SectionName).Get<AppHostOptions>() ?? new AppHostOptions();
        StateDirectory = Path.GetFullPath(Options.StateDirectory ?? ".weft", RepositoryRoot);
    }

    public IConfiguration Configuration { get; }

    /// <summary>Development, Production…: passed to every project as <c>ASPNETCORE_ENVIRONMENT</c>/<c>DOTNET_ENVIRONMENT</c>.</summary>
    public string EnvironmentName { get; }

    public AppHostOptions Options { get; }

    /// <summary>The AppHost project's directory; project paths are relative to it.</summary>
    public string ProjectDirectory { get; }

    /// <summary>The repository root (the AppHost's parent directory).</summary>
    public string RepositoryRoot { get; }

    /// <summary>Where backing services keep their files (<see cref="AppHostOptions.StateDirectory"/>).</summary>
    public string StateDirectory { get; }

    /// <summary>Every resource, in the order added.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>The AppHost's console.</summary>
    internal TextWriter Output { get; }

    /// <summary>Printed before the resources: which backing was chosen and how to choose the other.</summary>
    internal List<string> Notes { get; } = [];

    /// <summary>The dashboard's options from <c>Weft:Dashboard</c> (Port, OtlpPort, Token, OtlpApiKey, MaxSpans, MaxLogs, MaxMetricPoints); unset ones keep their defaults.</summary>
    public Dashboard.DashboardOptions DashboardOptions() =>
        Configuration.GetSection("Weft:Dashboard").Get<Dashboard.DashboardOptions>() ?? new Dashboard.DashboardOptions();

    /// <summary>A .NET project, its path relative to the AppHost project's directory (e.g. "../src/WorkflowServer/WorkflowServer.csproj").</summary>
    public IResourceBuilder<ProjectResource> AddProject(string name, string projectPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        var path = Path.GetFullPath(projectPath, ProjectDirectory);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Project '{name}': {path} does not exist.", path);
        return Add(new ProjectResource(name, path) { HasHttpEndpoint = true });
    }

    /// <summary>A program (looked up on PATH when not a path) with its arguments; <paramref name="workingDirectory"/> is relative to the AppHost project's directory.</summary>
    public IResourceBuilder<ExecutableResource> AddExecutable(string name, string command, string workingDirectory, params string[] args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        return Add(new ExecutableResource(name, command, Path.GetFullPath(workingDirectory, ProjectDirectory), args));
    }

    /// <summary>A PostgreSQL server run from the local binaries, its cluster in <c>&lt;state&gt;/&lt;name&gt;</c>.</summary>
    public IResourceBuilder<PostgresServerResource> AddPostgres(string name) =>
        Add(new PostgresServerResource(name, Path.Combine(StateDirectory, name)));

    /// <summary>A PostgreSQL database the AppHost does not run, reached with <paramref name="connectionString"/>.</summary>
    public IResourceBuilder<ExternalPostgresResource> AddPostgresConnection(string name, string connectionString) =>
        Add(new ExternalPostgresResource(name, connectionString));

    /// <summary>A SQLite database file; a relative <paramref name="path"/> is relative to the state directory.</summary>
    public IResourceBuilder<SqliteDatabaseResource> AddSqlite(string name, string path) =>
        Add(new SqliteDatabaseResource(name, Path.GetFullPath(path, StateDirectory)));

    /// <summary>A Qdrant server at <paramref name="endpoint"/>.</summary>
    public IResourceBuilder<QdrantResource> AddQdrant(string name, Uri endpoint, string? apiKey = null) =>
        Add(new QdrantResource(name, endpoint, apiKey));

    /// <summary>The embedded vector store in <c>&lt;state&gt;/&lt;name&gt;</c>.</summary>
    public IResourceBuilder<EmbeddedVectorStoreResource> AddEmbeddedVectorStore(string name) =>
        Add(new EmbeddedVectorStoreResource(name, Path.Combine(StateDirectory, name)));

    internal IResourceBuilder<T> Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"A resource named '{resource.Name}' exists already.");
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Checks the graph (no cycles, no unknown resources) and returns the application, ready to run.</summary>
    public DistributedApplication Build() => new(this, ResourceGraph.Order(_resources));
}
