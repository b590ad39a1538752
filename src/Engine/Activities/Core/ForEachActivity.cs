using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>flow.foreach</c>: runs its body once per item, in order. The items are evaluated once,
/// when the node starts, and kept in the container data, so changes to the variables they came
/// from do not change the loop half-way. An object is iterated as its entries <c>{ key, value }</c>.
/// </summary>
[Activity("flow.foreach", DisplayName = "For each", Category = "Flow", IsContainer = true,
    Description = "Runs the body once per item of an array (or entry of an object). The body reads item and index.")]
[Output("results", ValueTypes.Array, Description = "The result of each iteration, in order.")]
[Output("count", ValueTypes.Integer, Description = "How many iterations ran.")]
public sealed class ForEachActivity : Activity<ForEachInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(ForEachInputs inputs, ActivityContext context)
    {
        var progress = ContainerGuard.Require(context);
        if (progress.Data is not JsonArray items)
        {
            items = ReadItems(inputs, context);
            progress.Data = items;
        }

        var index = progress.Index;
        if (index < items.Count)
            return ValueTask.FromResult(ActivityResult.Iterate(new JsonObject { ["item"] = items[index]?.DeepClone(), ["index"] = index }));

        var output = new JsonObject { ["results"] = progress.Results.DeepClone(), ["count"] = progress.Results.Count };
        return ValueTask.FromResult(ActivityResult.Complete(output));
    }

    private static JsonArray ReadItems(ForEachInputs inputs, ActivityContext context)
    {
        if (inputs.MaxIterations < 0)
            throw ActivityException.Validation($"Input 'maxIterations' of node '{context.NodeId}' must not be negative.");

        var items = inputs.Items switch
        {
            JsonArray array => (JsonArray)array.DeepClone(),
            JsonObject obj => new JsonArray([.. obj.Select(p => (JsonNode?)new JsonObject { ["key"] = p.Key, ["value"] = p.Value?.DeepClone() })]),
            null => throw ActivityException.Validation($"Input 'items' of node '{context.NodeId}' is null; it must be an array or an object."),
            _ => throw ActivityException.Validation(
                $"Input 'items' of node '{context.NodeId}' is a {inputs.Items.GetValueKind().ToString().ToLowerInvariant()}; it must be an array or an object."),
        };

        if (items.Count > inputs.MaxIterations)
            throw new ActivityException(ErrorTypes.LimitExceeded,
                $"Node '{context.NodeId}' has {items.Count} items, more than maxIterations ({inputs.MaxIterations}).", retryable: false);
        return items;
    }
}

public sealed class ForEachInputs
{
    [Input(Required = true, Type = ValueTypes.Any, UiHint = UiHints.Template,
        Description = "The array to iterate, e.g. \"{{ nodes.chunk.output.chunks }}\". An object is iterated as its entries { key, value }.")]
    public JsonNode? Items { get; set; }

    [Input(Description = "Guard against runaway input: more items than this fails the node (LimitExceeded). Default: 10000.")]
    public int MaxIterations { get; set; } = 10_000;
}
