using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Weft.Engine.Runtime;
using Weft.WorkflowServer.Hosting;

namespace Weft.WorkflowServer.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Start_OpensTheConfiguredStoreFile_BeforeServing()
    {
        await using var server = await ServerHost.StartAsync();

        var path = server.Services.GetRequiredService<IOptions<WorkflowServerOptions>>().Value.Store.Sqlite.Path;
        path.ShouldBe(Path.Combine(server.Directory, "weft.db"));
        File.Exists(path).ShouldBeTrue();
        (await server.Client.GetAsync("api/definitions")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Start_AspireConnectionString_WinsOverTheStorePath()
    {
        var directory = Directory.CreateTempSubdirectory("weft-server-test-").FullName;
        try
        {
            var aspire = Path.Combine(directory, "nested", "aspire.db");
            await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:weft"] = $"Data Source={aspire}" });

            server.Services.GetRequiredService<IOptions<WorkflowServerOptions>>().Value.Store.Sqlite.Path.ShouldBe(aspire);
            File.Exists(aspire).ShouldBeTrue(); // its directory was created too
            File.Exists(Path.Combine(server.Directory, "weft.db")).ShouldBeFalse();
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }

    [Theory]
    [InlineData(null, null, "/srv/app/.weft/weft.db")]
    [InlineData(null, "data/w.db", "/srv/app/data/w.db")]
    [InlineData(null, "/var/lib/weft.db", "/var/lib/weft.db")]
    [InlineData("Data Source=/tmp/a.db", "/var/lib/weft.db", "/tmp/a.db")]
    [InlineData("Data Source=rel.db;Cache=Shared", null, "/srv/app/rel.db")]
    public void Resolve_StorePath_ConnectionStringThenSettingThenDefault(string? connectionString, string? setting, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:weft"] = connectionString,
            ["Weft:Store:Sqlite:Path"] = setting,
        }).Build();

        StorePath.Resolve(configuration, "/srv/app").ShouldBe(expected);
    }

    [Fact]
    public void Resolve_ConnectionStringWithoutDataSource_FailsWithAClearMessage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:weft"] = "Cache=Shared" }).Build();

        Should.Throw<InvalidOperationException>(() => StorePath.Resolve(configuration, "/srv")).Message.ShouldContain("Data Source");
    }

    [Fact]
    public async Task Start_RuntimeAndSecretsSettings_ReachTheRuntime()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Weft:Runtime:WorkerId"] = "worker-under-test",
            ["Weft:Runtime:Queues:0"] = "default",
            ["Weft:Runtime:Queues:1"] = "bulk",
            ["Weft:Runtime:MaxConcurrentInstances"] = "7",
            ["Weft:Runtime:LeaseDuration"] = "00:00:45",
            ["Weft:Runtime:WorkerHeartbeatInterval"] = "00:00:05",
            ["Weft:Runtime:InMemoryWaitThreshold"] = "00:00:03",
            ["Weft:Secrets:greeting"] = "psst",
        });

        var options = server.Services.GetRequiredService<WorkflowRuntime>().Options;
        options.WorkerId.ShouldBe("worker-under-test");
        options.Queues.ShouldBe(["default", "bulk"]);
        options.MaxConcurrentInstances.ShouldBe(7);
        options.LeaseDuration.ShouldBe(TimeSpan.FromSeconds(45));
        options.PollInterval.ShouldBe(TimeSpan.FromMilliseconds(100));
        options.WorkerHeartbeatInterval.ShouldBe(TimeSpan.FromSeconds(5));
        options.InMemoryWaitThreshold.ShouldBe(TimeSpan.FromSeconds(3));

        await server.Client.CreateAsync("""
            { "id": "secret", "nodes": [{ "id": "f", "type": "flow.finish", "inputs": { "output": "{{ secrets.greeting }}" } }], "edges": [] }
            """);
        var id = await server.Client.StartAsync("""{ "definitionId": "secret" }""");
        (await server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout())).Output!.GetValue<string>().ShouldBe("psst");
        var workers = await (await server.Client.GetAsync("api/workers")).ShouldBeJsonAsync(HttpStatusCode.OK);
        workers.AsArray().ShouldContain(w => w!["workerId"]!.GetValue<string>() == "worker-under-test");
    }

    [Fact]
    public async Task Health_IncludesAReadinessCheckOfTheStore()
    {
        await using var server = await ServerHost.StartAsync();

        var registrations = server.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        registrations.Single(r => r.Name == "store").Tags.ShouldContain("ready");
        var report = await server.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "store");
        report.Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task OpenApi_DocumentListsTheApi()
    {
        await using var server = await ServerHost.StartAsync();

        var document = await (await server.Client.GetAsync("openapi/v1.json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        paths.ShouldContain("/api/definitions/{id}/publish");
        paths.ShouldContain("/api/instances");
        paths.ShouldContain("/api/instances/{id}/events");
    }

    [Fact]
    public async Task Json_UsesCamelCaseAndEnumsAsCamelCaseStrings()
    {
        await using var server = await ServerHost.StartAsync();

        var text = await (await server.Client.GetAsync("api/activities/signal.wait")).Content.ReadAsStringAsync();

        text.ShouldContain("\"displayName\"");
        text.ShouldNotContain("\"DisplayName\"", Case.Sensitive);
        await server.Client.CreateAsync(Workflows.Hello());
        var id = await server.Client.StartAsync("""{ "definitionId": "hello", "input": { "name": "x" } }""");
        await server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        (await (await server.Client.GetAsync($"api/instances/{id}")).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("completed");
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemWithoutInternals()
    {
        await using var server = await ServerHost.StartAsync(map: app => app.MapGet("/api/test/throw", IResult () => throw new InvalidOperationException("secret internals")));

        var problem = await (await server.Client.GetAsync("api/test/throw")).ShouldBeProblemAsync(HttpStatusCode.InternalServerError);

        problem.ToJsonString().ShouldNotContain("secret internals");
        problem.ToJsonString().ShouldNotContain("InvalidOperationException");
    }

    [Fact]
    public async Task UnknownRouteAndWrongMethod_AreProblemDetails()
    {
        await using var server = await ServerHost.StartAsync();

        await (await server.Client.GetAsync("api/nothing-here")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await server.Client.DeleteAsync("api/instances")).ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task OversizedBody_Returns413Problem_AndSavesNothing()
    {
        await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Weft:MaxRequestBodyBytes"] = "4096" });
        var big = Workflows.Node(Workflows.Hello());
        big["description"] = new string('x', 8000);
        var before = await StoreState.CaptureAsync(server.Store);

        var sized = await server.Client.PostJsonAsync("api/definitions", big.ToJsonString());
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big.ToJsonString())));
        chunked.Headers.ContentType = Http.MediaType("application/json");
        var streamed = await server.Client.PostAsync("api/definitions", chunked);

        (await sized.ShouldBeProblemAsync((HttpStatusCode)413, "$"))["detail"]!.GetValue<string>().ShouldContain("4096");
        await streamed.ShouldBeProblemAsync((HttpStatusCode)413, "$");
        (await StoreState.CaptureAsync(server.Store)).ShouldBe(before);
        (await server.Client.PostJsonAsync("api/definitions", Workflows.Hello())).StatusCode.ShouldBe(HttpStatusCode.Created); // a body within the limit still works
    }
}
