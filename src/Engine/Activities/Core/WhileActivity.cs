using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>flow.while</c>: evaluates its condition before each iteration (seeing the latest
/// variables) and runs the body while it is truthy. <c>maxIterations</c> stops a loop whose
/// condition never turns false: reaching it with the condition still true fails the node.
/// </summary>
[Activity("flow.while", DisplayName = "While", Category = "Flow", IsContainer = true,
    Description = "Runs the body while a condition is truthy; the condition is evaluated before each iteration. The body reads iteration.")]
[Output("iterations", ValueTypes.Integer, Description = "How many iterations ran.")]
[Output("results", ValueTypes.Array, Description = "The result of each iteration, in order.")]
public sealed class WhileActivity : Activity<WhileInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(WhileInputs inputs, ActivityContext context)
    {
        var progress = ContainerGuard.Require(context);
        if (inputs.MaxIterations < 0)
            throw ActivityException.Validation($"Input 'maxIterations' of node '{context.NodeId}' must not be negative.");

        var iteration = progress.Index;
        if (!JsTruthiness.IsTruthy(LazyInput.Evaluate(inputs.Condition, context)))
        {
            var output = new JsonObject { ["iterations"] = iteration, ["results"] = progress.Results.DeepClone() };
            return ValueTask.FromResult(ActivityResult.Complete(output));
        }

        if (iteration >= inputs.MaxIterations)
            throw new ActivityException(ErrorTypes.LimitExceeded,
                $"Node '{context.NodeId}' ran {iteration} iterations and its condition is still true (maxIterations {inputs.MaxIterations}).",
                retryable: false);

        return ValueTask.FromResult(ActivityResult.Iterate(new JsonObject { ["iteration"] = iteration }));
    }
}

public sealed class WhileInputs
{
    [Input(Required = true, Lazy = true, Type = ValueTypes.Any,
        Description = "Evaluated before each iteration, e.g. \"vars.page < vars.pageCount\" or \"{{ vars.page < vars.pageCount }}\".")]
    public JsonNode? Condition { get; set; }

    [Input(Description = "The most iterations allowed; a condition still true after that fails the node (LimitExceeded). Default: 1000.")]
    public int MaxIterations { get; set; } = 1_000;
}
