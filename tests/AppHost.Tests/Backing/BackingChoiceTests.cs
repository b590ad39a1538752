using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Weft.AppHost.Backing;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;
using Weft.AppHost.Tests.Supervisor;

namespace Weft.AppHost.Tests.Backing;

public sealed class BackingChoiceTests
{
    [Fact]
    public void AddWorkflowDatabase_ConnectionStringGiven_UsesThatPostgresAndPassesTheProvider()
    {
        var test = new TestApplication("--ConnectionStrings:weft=Host=db.example;Database=weft;Username=app");
        var database = test.Builder.AddWorkflowDatabase("weft");

        var external = database.Resource.ShouldBeOfType<ExternalPostgresResource>();
        external.GetReferenceEnvironment().ShouldBe(
        [
            new("ConnectionStrings__weft", "Host=db.example;Database=weft;Username=app"),
            new("Weft__Store__Provider", "postgres"),
        ]);
        test.Builder.Notes.ShouldContain(n => n.Contains("PostgreSQL from ConnectionStrings:weft", StringComparison.Ordinal) && n.Contains("Weft:AppHost:Database=sqlite", StringComparison.Ordinal));
    }

    [Fact]
    public void AddWorkflowDatabase_SqliteChosenDespiteAConnectionString_UsesSqliteInTheStateDirectory()
    {
        var test = new TestApplication("--Weft:AppHost:Database=sqlite", "--ConnectionStrings:weft=Host=db.example");
        var database = test.Builder.AddWorkflowDatabase("weft");

        var sqlite = database.Resource.ShouldBeOfType<SqliteDatabaseResource>();
        sqlite.Path.ShouldBe(Path.Combine(test.StateDirectory, "weft.db"));
        sqlite.GetReferenceEnvironment().ShouldContain(new KeyValuePair<string, string>("Weft__Store__Provider", "sqlite"));
        test.Builder.Notes.ShouldContain(n => n.Contains("SQLite at", StringComparison.Ordinal) && n.Contains("For PostgreSQL set ConnectionStrings:weft", StringComparison.Ordinal));
    }

    [Fact]
    public void AddWorkflowDatabase_UnknownChoice_ThrowsNamingTheKey()
    {
        var test = new TestApplication("--Weft:AppHost:Database=mongo");
        Should.Throw<InvalidOperationException>(() => test.Builder.AddWorkflowDatabase("weft")).Message.ShouldContain("Weft:AppHost:Database is 'mongo'");
    }

    [PostgresFact]
    public void AddWorkflowDatabase_AutoWithLocalBinaries_RunsAClusterWithTheDatabase()
    {
        var test = new TestApplication();
        var database = test.Builder.AddWorkflowDatabase("weft");

        var onServer = database.Resource.ShouldBeOfType<PostgresDatabaseResource>();
        onServer.Server.DataDirectory.ShouldBe(Path.Combine(test.StateDirectory, "postgres"));
        onServer.WaitsFor.ShouldContain(onServer.Server);
        test.Builder.Notes.ShouldContain(n => n.Contains("PostgreSQL from the local binaries", StringComparison.Ordinal));
    }

    [Fact]
    public void AddVectorStore_NoQdrantEndpoint_UsesTheEmbeddedStoreSharedThroughTheDataDirectory()
    {
        var test = new TestApplication();
        var vectors = test.Builder.AddVectorStore("vectors");

        var embedded = vectors.Resource.ShouldBeOfType<EmbeddedVectorStoreResource>();
        embedded.GetReferenceEnvironment().ShouldBe([new("Weft__Data__Directory", Path.Combine(test.StateDirectory, "vectors"))]);
        test.Builder.Notes.ShouldContain(n => n.Contains("For Qdrant set Weft:Qdrant:Endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void AddVectorStore_EndpointNotAUrl_ThrowsNamingTheKey()
    {
        var test = new TestApplication("--Weft:Qdrant:Endpoint=localhost:6333");
        Should.Throw<InvalidOperationException>(() => test.Builder.AddVectorStore("vectors")).Message.ShouldContain("Weft:Qdrant:Endpoint is 'localhost:6333'");
    }

    [Fact]
    public async Task AddVectorStore_QdrantEndpoint_IsHealthyWhileHealthzAnswersAndPassesEndpointAndKey()
    {
        // A stand-in for Qdrant's /healthz on real Kestrel: healthy only with the api-key header, until told otherwise.
        var answering = true;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var qdrant = builder.Build();
        qdrant.MapGet("/healthz", (HttpRequest request) =>
            answering && request.Headers["api-key"] == "secret" ? Results.Ok("healthz check passed") : Results.StatusCode(503));
        await qdrant.StartAsync();
        var url = qdrant.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        await using var test = new TestApplication($"--Weft:Qdrant:Endpoint={url}", "--Weft:Qdrant:ApiKey=secret");
        var vectors = test.Builder.AddVectorStore("vectors");
        vectors.Resource.ShouldBeOfType<QdrantResource>().GetReferenceEnvironment().ShouldContain(new KeyValuePair<string, string>("Weft__Qdrant__Endpoint", url + "/"));
        test.Builder.Notes.ShouldContain(n => n.Contains($"vectors: Qdrant at {url}/", StringComparison.Ordinal));
        await test.StartAsync();

        await test.WaitHealthyAsync("vectors");
        answering = false;
        await test.WaitForAsync("vectors", s => s.Health == ResourceHealth.Unhealthy, TimeSpan.FromSeconds(10));
    }
}
