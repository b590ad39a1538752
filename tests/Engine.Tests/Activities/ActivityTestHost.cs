using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Engine.Activities;
using Weft.Engine.Model;
using Weft.Engine.Runtime;

namespace Weft.Engine.Tests.Activities;

/// <summary>
/// The runtime side of an <see cref="ActivityContext"/> for activity unit tests: records what the
/// activity did (variables, logs, events, evaluated templates, started children). Expressions are
/// evaluated by <see cref="Evaluator"/>, which each test supplies, so activity tests do not
/// depend on the expression engine.
/// </summary>
internal sealed class ActivityTestHost : IActivityHost
{
    public string InstanceId { get; set; } = "parent-instance";
    public string DefinitionId { get; set; } = "test-workflow";
    public string IdempotencyKey { get; set; } = "parent-instance/node/0";
    public string Scope { get; set; } = "";
    public IServiceProvider Services { get; } = new NoServices();
    public RecordingLogger Log { get; } = new();
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
    public RecordingWorkflowClient Client { get; } = new();
    public ContainerProgress? Container { get; set; }

    /// <summary>What <see cref="ActivityContext.Evaluate"/> returns; by default it fails the test.</summary>
    public Func<string, JsonNode?> Evaluator { get; set; } = text => throw new InvalidOperationException($"This test did not expect an evaluation of '{text}'.");

    /// <summary>Every template text the activity asked to evaluate, in order.</summary>
    public List<string> Evaluated { get; } = [];

    public Dictionary<string, JsonNode?> Variables { get; } = new(StringComparer.Ordinal);
    public List<(string Type, JsonNode? Data)> Events { get; } = [];
    public int Heartbeats { get; private set; }

    ILogger IActivityHost.Logger => Log;
    TimeProvider IActivityHost.Time => Clock;
    IWorkflowClient IActivityHost.Workflows => Client;

    /// <summary>A context for one attempt of a node of <paramref name="type"/> whose evaluated inputs are <paramref name="inputs"/>.</summary>
    public ActivityContext Context(string type, JsonObject? inputs = null, string nodeId = "node", CancellationToken cancellationToken = default)
    {
        inputs ??= [];
        var node = new NodeDefinition
        {
            Id = nodeId,
            Type = type,
            Inputs = inputs.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal),
        };
        return new ActivityContext(this, node, inputs, attempt: 1, cancellationToken);
    }

    public JsonNode? Evaluate(string template)
    {
        Evaluated.Add(template);
        return Evaluator(template);
    }

    public void SetVariable(string name, JsonNode? value) => Variables[name] = value;

    public void Heartbeat() => Heartbeats++;

    public ValueTask EmitAsync(string eventType, JsonNode? data)
    {
        Events.Add((eventType, data));
        return ValueTask.CompletedTask;
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>A clock that stands still until the test moves it.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Keeps every log entry as (level, formatted message).</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_gate) return [.. _entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate) _entries.Add((logLevel, formatter(state, exception)));
    }
}
