using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Monitoring;

/// <summary>
/// Real workflows with known outcomes and durations, run by a real runtime on the store under test with a
/// <see cref="ManualClock"/> that only <see cref="WorkActivity"/> moves, one instance at a time:
/// <list type="bullet">
/// <item>at T0: "orders" (fetch → charge, charge retried once) three times: r1 100+200 ms ok; r2 300 + (50 failed, 250) ms ok;
/// r3 200 + (100 failed, 100 failed) ms → Faulted.</item>
/// <item>at T0+1h: "chat" (ask, reporting tokens) twice: 1000 ms with 30 tokens, 3000 ms with 12 tokens.</item>
/// <item>at T0+2h: "waits" suspends on a signal.</item>
/// </list>
/// </summary>
public sealed class MonitoringScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private const string Orders = """
        { "id": "orders",
          "nodes": [
            { "id": "fetch", "type": "monitor.work", "inputs": { "key": "{{ input.run }}/fetch" } },
            { "id": "charge", "type": "monitor.work", "inputs": { "key": "{{ input.run }}/charge" },
              "retry": { "maxAttempts": 2, "initialInterval": "00:00:00" } } ],
          "edges": [ { "id": "e1", "source": "fetch", "target": "charge" } ] }
        """;

    private const string Chat = """
        { "id": "chat", "nodes": [ { "id": "ask", "type": "monitor.work", "inputs": { "key": "{{ input.run }}/ask" } } ], "edges": [] }
        """;

    private const string Waits = """
        { "id": "waits", "nodes": [ { "id": "wait", "type": "signal.wait", "inputs": { "signal": "go" } } ], "edges": [] }
        """;

    public ManualClock Clock { get; } = new(T0);

    public string SuspendedInstanceId { get; private set; } = "";

    public async Task RunAsync(IWorkflowStore store)
    {
        var registry = new ActivityRegistry();
        CoreActivities.Register(registry);
        registry.Add<WorkActivity>();
        var options = new WorkflowRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(50) };
        await using var runtime = new WorkflowRuntime(store, registry, options, loggerFactory: null, time: Clock);
        await runtime.StartAsync();
        var prefix = Guid.NewGuid().ToString("N");

        await RunAsync(runtime, Orders, $"{prefix}-r1", InstanceStatus.Completed,
            ("fetch", [new(100)]), ("charge", [new(200)]));
        await RunAsync(runtime, Orders, $"{prefix}-r2", InstanceStatus.Completed,
            ("fetch", [new(300)]), ("charge", [new(50, Fail: true), new(250)]));
        await RunAsync(runtime, Orders, $"{prefix}-r3", InstanceStatus.Faulted,
            ("fetch", [new(200)]), ("charge", [new(100, Fail: true), new(100, Fail: true)]));

        Clock.Set(T0.AddHours(1));
        await RunAsync(runtime, Chat, $"{prefix}-c1", InstanceStatus.Completed, ("ask", [new(1000, Tokens: 30)]));
        await RunAsync(runtime, Chat, $"{prefix}-c2", InstanceStatus.Completed, ("ask", [new(3000, Tokens: 12)]));

        Clock.Set(T0.AddHours(2));
        await SaveAsync(store, Waits);
        var started = await runtime.Client.StartAsync(new StartRequest { DefinitionId = "waits", AllowDraft = true });
        var snapshot = await runtime.Client.WaitAsync(started.InstanceId, untilSuspended: true).WaitAsync(TimeSpan.FromSeconds(30));
        snapshot.Status.ShouldBe(InstanceStatus.Suspended);
        SuspendedInstanceId = started.InstanceId;
    }

    private static async Task RunAsync(WorkflowRuntime runtime, string json, string run, InstanceStatus expected,
        params (string Node, PlannedAttempt[] Attempts)[] plan)
    {
        foreach (var (node, attempts) in plan)
            WorkActivity.Plan($"{run}/{node}", attempts);
        var definition = await SaveAsync(runtime.Store, json);
        var started = await runtime.Client.StartAsync(new StartRequest
        {
            DefinitionId = definition.Id,
            AllowDraft = true,
            Input = new JsonObject { ["run"] = run },
        });
        var snapshot = await runtime.Client.WaitAsync(started.InstanceId).WaitAsync(TimeSpan.FromSeconds(30));
        snapshot.Status.ShouldBe(expected);
    }

    private static async Task<WorkflowDefinition> SaveAsync(IWorkflowStore store, string json)
    {
        var definition = WeftJson.ParseDefinition(json);
        definition.Version = await store.SaveDefinitionAsync(definition);
        return definition;
    }
}
