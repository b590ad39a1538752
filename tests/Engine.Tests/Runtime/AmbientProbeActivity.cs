using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Engine.Tests.Runtime;

/// <summary>
/// <c>test.ambient</c>: records, per instance, the <see cref="Ambient"/> value its attempt runs under, so a test can
/// tell whether a run inherited the execution context of the code that started it.
/// </summary>
[Activity("test.ambient", Category = "Test")]
public sealed class AmbientProbeActivity : Activity<EmptyInputs>
{
    public static readonly AsyncLocal<string?> Ambient = new();

    public static readonly ConcurrentDictionary<string, string> Seen = new();

    protected override ValueTask<ActivityResult> ExecuteAsync(EmptyInputs inputs, ActivityContext context)
    {
        Seen[context.InstanceId] = Ambient.Value ?? "(none)";
        return ValueTask.FromResult(ActivityResult.Complete(new JsonObject()));
    }
}

public sealed class EmptyInputs;
