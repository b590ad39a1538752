using Weft.AppHost.Backing;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Tests.Supervisor;

public sealed class EnvironmentTests
{
    [Fact]
    public async Task StartAsync_ReferencesAndDashboard_InjectConfigurationTheAspireWay()
    {
        await using var test = new TestApplication("--Weft:AppHost:Database=sqlite");
        var database = test.Builder.AddWorkflowDatabase("weft");
        var vectors = test.Builder.AddVectorStore("vectors");
        var api = test.AddShell("api", "exec sleep 600").WithHttpEndpoint().WithReplicas(2);
        test.AddShell("printer", "env | sort; echo env-done; exec sleep 600")
            .WithReference(database).WithReference(vectors).WithReference(api).WaitFor(api)
            .WithReplicas(2)
            .WithEnvironment("WORKER_ID", replica => $"worker-of-{replica.ReplicaName}")
            .WithEnvironment("PLAIN", "value");
        var app = test.Build();
        app.UseDashboard(new Uri("http://127.0.0.1:18888/"), new Uri("http://127.0.0.1:18888/login?t=the-token"), new Uri("http://127.0.0.1:18889/"), "otlp-key");

        await test.StartAsync();
        await test.WaitHealthyAsync("printer-2");
        var apiUrls = test.Catalog.GetResources().Where(r => r.Name.StartsWith("api-", StringComparison.Ordinal)).Select(r => r.Endpoints.Single()).ToList();
        apiUrls.Count.ShouldBe(2);
        apiUrls.Distinct().Count().ShouldBe(2);

        var lines = await WaitForEnvironmentAsync(test, "printer-2");
        lines.ShouldContain($"ConnectionStrings__weft=Data Source={Path.Combine(test.StateDirectory, "weft.db")}");
        lines.ShouldContain("Weft__Store__Provider=sqlite");
        lines.ShouldContain($"Weft__Data__Directory={Path.Combine(test.StateDirectory, "vectors")}");
        lines.ShouldContain($"services__api__http__0={apiUrls[0]}");
        lines.ShouldContain($"services__api__http__1={apiUrls[1]}");
        lines.ShouldContain("OTEL_SERVICE_NAME=printer");
        lines.ShouldContain("OTEL_RESOURCE_ATTRIBUTES=service.instance.id=printer-2");
        lines.ShouldContain("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:18889");
        lines.ShouldContain("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
        lines.ShouldContain("OTEL_EXPORTER_OTLP_HEADERS=x-otlp-api-key=otlp-key");
        lines.ShouldContain("WORKER_ID=worker-of-printer-2");
        lines.ShouldContain("PLAIN=value");
        test.Output.ShouldContain("dashboard: http://127.0.0.1:18888/ — log in with http://127.0.0.1:18888/login?t=the-token");
        test.Catalog.GetResources().ShouldContain(r => r.Name == "dashboard" && r.Kind == "dashboard");
    }

    [Fact]
    public async Task StartAsync_ProjectReplica_GetsItsUrlAndEnvironmentName()
    {
        await using var test = new TestApplication();
        var studio = test.Builder.AddProject("studio", "../src/Studio/Studio.csproj").WithHttpHealthCheck("/health");
        test.AddShell("printer", "env | sort; echo env-done; exec sleep 600").WithReference(studio);
        test.Build();

        await test.StartAsync();
        var healthy = await test.WaitHealthyAsync("studio");
        var pid = healthy.ProcessId.ShouldNotBeNull();

        var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        environment.ShouldContain($"ASPNETCORE_URLS={healthy.Endpoints.Single()}");
        environment.ShouldContain($"ASPNETCORE_ENVIRONMENT={test.Builder.EnvironmentName}");
        healthy.Endpoints.Single().ShouldStartWith("http://127.0.0.1:");
        var lines = await WaitForEnvironmentAsync(test, "printer");
        lines.ShouldContain($"services__studio__http__0={healthy.Endpoints.Single()}");
        lines.ShouldNotContain(l => l.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT=", StringComparison.Ordinal)); // no dashboard, no export
    }

    private static async Task<IReadOnlyList<string>> WaitForEnvironmentAsync(TestApplication test, string resource)
    {
        // The marker is the last line the shell prints: once it is captured, every env line before it is too.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(Dashboard.ConsoleLine line)
        {
            if (line.Resource == resource && line.Text == "env-done")
                done.TrySetResult();
        }

        test.Catalog.ConsoleWritten += OnLine;
        try
        {
            if (!test.Catalog.GetConsole(resource, 0, 10_000).Any(l => l.Text == "env-done"))
                await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            test.Catalog.ConsoleWritten -= OnLine;
        }

        return test.Catalog.GetConsole(resource, 0, 10_000).Select(l => l.Text).ToList();
    }
}
