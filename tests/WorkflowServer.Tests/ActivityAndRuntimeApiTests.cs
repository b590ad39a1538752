using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests;

public sealed class ActivityAndRuntimeApiTests : IAsyncLifetime
{
    private ServerHost _server = null!;
    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await ServerHost.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Activities_ListEveryDescriptor()
    {
        var list = (await (await Client.GetAsync("api/activities")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();

        var types = list.Select(a => a!["type"]!.GetValue<string>()).ToArray();
        types.ShouldContain("script.js");
        types.ShouldContain("signal.wait");
        types.ShouldContain("flow.finish");
        list.ShouldAllBe(a => a!["category"] != null && a["inputs"] != null);
    }

    [Fact]
    public async Task Activities_GetOne_OrNotFound()
    {
        var descriptor = await (await Client.GetAsync("api/activities/signal.wait")).ShouldBeJsonAsync(HttpStatusCode.OK);

        descriptor["ports"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["done", "timeout"]);
        descriptor["inputs"]!.AsArray().ShouldContain(i => i!["name"]!.GetValue<string>() == "signal" && i["required"]!.GetValue<bool>());
        await (await Client.GetAsync("api/activities/no.such")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "type");
    }

    [Fact]
    public async Task Queues_FlagWorkWaitingOnAQueueNoWorkerServes()
    {
        await Client.CreateAsync(Workflows.Hello("orphan", queue: "nobody"));
        var id = await Client.StartAsync("""{ "definitionId": "orphan", "input": { "name": "x" } }""");

        var queues = (await (await Client.GetAsync("api/queues")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();

        var nobody = queues.Single(q => q!["queue"]!.GetValue<string>() == "nobody")!;
        nobody["waiting"]!.GetValue<int>().ShouldBe(1);
        nobody["stalled"]!.GetValue<bool>().ShouldBeTrue();
        var served = queues.Single(q => q!["queue"]!.GetValue<string>() == "default")!;
        served["stalled"]!.GetValue<bool>().ShouldBeFalse();
        served["liveWorkers"]!.AsArray().Count.ShouldBe(1);
        (await _server.Workflows.GetAsync(id))!.Status.ShouldBe(InstanceStatus.Pending);
    }

    [Fact]
    public async Task Workers_ListThisServersWorker()
    {
        var workers = (await (await Client.GetAsync("api/workers")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();

        var worker = workers.Single()!;
        worker["workerId"]!.GetValue<string>().ShouldBe(_server.Services.GetRequiredService<WorkflowRuntime>().Options.WorkerId);
        worker["queues"]!.AsArray().Select(q => q!.GetValue<string>()).ShouldBe(["default"]);
    }
}
