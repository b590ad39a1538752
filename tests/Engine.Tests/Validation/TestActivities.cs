using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Engine.Tests.Validation;

/// <summary>Small activities written on the real authoring contract, so validation is tested against real descriptors.</summary>
internal static class TestActivities
{
    public static ActivityRegistry Registry() => new ActivityRegistry()
        .Add<EchoActivity>()
        .Add<BranchActivity>()
        .Add<CasesActivity>()
        .Add<LoopActivity>()
        .Add<RawActivity>();
}

public sealed class EchoInputs
{
    [Input(Required = true)] public string Text { get; set; } = "";
    [Input] public int Size { get; set; } = 10;
    [Input] public double Ratio { get; set; } = 0.5;
    [Input] public bool Loud { get; set; }
    [Input] public List<string> Tags { get; set; } = [];
    [Input] public JsonObject? Request { get; set; }
    [Input] public TimeSpan Pause { get; set; }
}

/// <summary>Returns its text, repeated as configured.</summary>
[Activity("test.echo")]
public sealed class EchoActivity : Activity<EchoInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(EchoInputs inputs, ActivityContext context)
    {
        var text = inputs.Loud ? inputs.Text.ToUpperInvariant() : inputs.Text;
        return ValueTask.FromResult(ActivityResult.Complete(JsonValue.Create(text)));
    }
}

public sealed class BranchInputs
{
    [Input(Required = true, Type = ValueTypes.Boolean)] public JsonNode? Condition { get; set; }
}

/// <summary>Static ports: completes on <c>true</c> or <c>false</c>.</summary>
[Activity("test.branch", Ports = ["true", "false"])]
public sealed class BranchActivity : Activity<BranchInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(BranchInputs inputs, ActivityContext context)
    {
        var port = inputs.Condition?.GetValue<bool>() == true ? "true" : "false";
        return ValueTask.FromResult(ActivityResult.Complete(port: port));
    }
}

public sealed class CasesInputs
{
    [Input(Required = true)] public string Value { get; set; } = "";
    [Input] public List<string> Cases { get; set; } = [];
}

/// <summary>Computed ports: one per entry of <c>cases</c>, plus <c>default</c>.</summary>
[Activity("test.cases")]
public sealed class CasesActivity : Activity<CasesInputs>, IPortProvider
{
    public IReadOnlyList<string> GetPorts(NodeDefinition node)
    {
        var cases = node.Inputs.TryGetValue("cases", out var value) && value is JsonArray array
            ? array.Select(c => c!.GetValue<string>())
            : [];
        return [.. cases, "default"];
    }

    protected override ValueTask<ActivityResult> ExecuteAsync(CasesInputs inputs, ActivityContext context)
    {
        var port = inputs.Cases.Contains(inputs.Value) ? inputs.Value : "default";
        return ValueTask.FromResult(ActivityResult.Complete(port: port));
    }
}

public sealed class LoopInputs
{
    [Input(Required = true)] public JsonArray Items { get; set; } = [];
}

/// <summary>A container: runs its body once per item.</summary>
[Activity("test.loop", IsContainer = true)]
public sealed class LoopActivity : Activity<LoopInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(LoopInputs inputs, ActivityContext context)
    {
        var done = context.Container?.Results.Count ?? 0;
        return ValueTask.FromResult(done < inputs.Items.Count
            ? ActivityResult.Iterate(new JsonObject { ["item"] = inputs.Items[done]?.DeepClone(), ["index"] = done })
            : ActivityResult.Complete(context.Container?.Results.DeepClone()));
    }
}

/// <summary>Written straight on <see cref="IActivity"/>: it reads whatever inputs it is given.</summary>
[Activity("test.raw")]
public sealed class RawActivity : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(context.Inputs.DeepClone()));
}
