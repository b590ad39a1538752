using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Weft.Engine.Activities;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.WorkflowServer.Monitoring;

namespace Weft.WorkflowServer.Tests.Monitoring;

/// <summary>
/// The real server (<see cref="ServerHost"/>) on a <see cref="ManualClock"/> with <c>test.advance</c> registered and the
/// alert monitor evaluating every 50 ms of real time; runs workflows one at a time so their durations are exact.
/// </summary>
internal sealed class MonitoringServer : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>check (tokens 10) → charge (retried once); durations and failures from the input.</summary>
    public const string Pay = """
        { "id": "pay",
          "nodes": [
            { "id": "check", "type": "test.advance", "inputs": { "milliseconds": "{{ input.checkMs }}", "tokens": 10 } },
            { "id": "charge", "type": "test.advance",
              "inputs": { "milliseconds": "{{ input.chargeMs }}", "failAttempts": "{{ input.chargeFails }}" },
              "retry": { "maxAttempts": 2, "initialInterval": "00:00:00" } } ],
          "edges": [ { "id": "e1", "source": "check", "target": "charge" } ] }
        """;

    private MonitoringServer(ServerHost host, ManualClock clock)
    {
        Host = host;
        Clock = clock;
    }

    public ServerHost Host { get; }
    public ManualClock Clock { get; }
    public HttpClient Client => Host.Client;
    public AlertMonitor Monitor => Host.Services.GetRequiredService<AlertMonitor>();

    public static async Task<MonitoringServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var clock = new ManualClock(T0);
        var all = new Dictionary<string, string?> { ["Weft:Alerts:EvaluationInterval"] = "00:00:00.050" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var host = await ServerHost.StartAsync(all, configureAfter: builder => builder.Services.AddSingleton<TimeProvider>(clock));
        host.Services.GetRequiredService<ActivityRegistry>().Add<AdvanceActivity>();
        return new MonitoringServer(host, clock);
    }

    public async Task SaveAsync(string json)
    {
        var definition = WeftJson.ParseDefinition(json);
        await Host.Store.SaveDefinitionAsync(definition);
    }

    /// <summary>Starts an instance, waits for it to end or suspend, and checks its status.</summary>
    public async Task<string> RunAsync(string definitionId, JsonObject? input, InstanceStatus expected)
    {
        var started = await Host.Workflows.StartAsync(new StartRequest { DefinitionId = definitionId, AllowDraft = true, Input = input });
        var snapshot = await Host.Workflows.WaitAsync(started.InstanceId, untilSuspended: expected == InstanceStatus.Suspended).WaitAsync(TimeSpan.FromSeconds(30));
        snapshot.Status.ShouldBe(expected);
        return started.InstanceId;
    }

    public Task<string> PayAsync(int checkMs, int chargeMs, int chargeFails, InstanceStatus expected) =>
        RunAsync("pay", new JsonObject { ["checkMs"] = checkMs, ["chargeMs"] = chargeMs, ["chargeFails"] = chargeFails }, expected);

    /// <summary>Moves the clock by <paramref name="by"/> and waits for an evaluation made at the new time (so it sees everything written before).</summary>
    public async Task<Weft.Engine.Monitoring.Alerts.AlertEvaluation> EvaluateAfterAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return await Monitor.WaitForEvaluationAsync(Clock.GetUtcNow()).WaitAsync(TimeSpan.FromSeconds(15));
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
