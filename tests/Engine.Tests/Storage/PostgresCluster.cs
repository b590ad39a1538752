using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Weft.Engine.Storage.Postgres;

namespace Weft.Engine.Tests.Storage;

/// <summary>The PostgreSQL tests share one throwaway cluster per test run, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> into a temp directory, started with <c>pg_ctl</c> on a free port of
/// 127.0.0.1 (its Unix socket in the same directory, fsync on as in production), stopped and deleted at the end.
/// PostgreSQL refuses to run as root: as root the directory is given to the <c>postgres</c> user and the binaries run
/// through <c>runuser</c>. Tests get a fresh schema (<see cref="NewSchema"/>) or database (<see cref="CreateDatabaseAsync"/>)
/// each, so they stay independent. Without binaries the fixture does nothing outside CI (the tests are skipped) and
/// fails with what is missing under <c>CI=true</c>.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string TestDatabase = "weft_tests";
    private const string ServiceUser = "postgres";

    private string? _root;
    private int _port;

    private string DataDirectory => Path.Combine(_root!, "data");

    private string LogFile => Path.Combine(_root!, "postgres.log");

    /// <summary>The shared test database.</summary>
    public string ConnectionString => ConnectionStringFor(TestDatabase);

    public int Port => _port;

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = ServiceUser,
        Database = database,
        Timeout = 10,
    }.ConnectionString;

    /// <summary>A schema name no other test uses (the store creates it).</summary>
    public static string NewSchema() => $"t_{Guid.NewGuid():N}";

    /// <summary>Store options on the shared database, in a fresh schema unless one is given.</summary>
    public PostgresStoreOptions Options(string? schema = null, bool groupCommit = true, string? connectionString = null) => new()
    {
        ConnectionString = connectionString ?? ConnectionString,
        Schema = schema ?? NewSchema(),
        GroupCommit = groupCommit,
    };

    public async Task InitializeAsync()
    {
        if (PostgresBinaries.Directory is null)
        {
            if (PostgresBinaries.IsCi)
                throw new InvalidOperationException($"{PostgresBinaries.Missing}. CI=true requires the PostgreSQL store tests to run: install the server (apt-get install postgresql).");
            return;
        }

        _root = Path.Combine(Path.GetTempPath(), $"weft-pg-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(_root);
        if (Environment.IsPrivilegedProcess)
            await RunAsync("chown", ["-R", $"{ServiceUser}:", _root], asServiceUser: false);

        await RunPgAsync("initdb", ["-D", DataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

        // A port found free may be taken before the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            _port = FreePort();
            try
            {
                await RunPgAsync("pg_ctl", ["start", .. ControlArguments()]);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        await using var admin = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Pooling=false");
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {TestDatabase}", admin);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"db_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Pooling=false");
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast: open connections are cut) and starts it again on the same port.</summary>
    public Task RestartAsync() => RunPgAsync("pg_ctl", ["restart", "-m", "fast", .. ControlArguments()]);

    public async Task DisposeAsync()
    {
        if (_root is null)
            return;
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await RunPgAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"]);
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Leave the temp directory: the run's result matters more than its litter.
            }
        }
    }

    private string[] ControlArguments() =>
    [
        "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
        "-o", $"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300",
    ];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPgAsync(string program, string[] arguments) =>
        RunAsync(Path.Combine(PostgresBinaries.Directory!, program), arguments, asServiceUser: Environment.IsPrivilegedProcess);

    private async Task RunAsync(string program, string[] arguments, bool asServiceUser)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root ?? Path.GetTempPath(),
        };
        if (asServiceUser)
        {
            foreach (var argument in new[] { "-u", ServiceUser, "--", program })
                start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var log = _root is not null && File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}{await error}\n{log}");
        }
    }
}
