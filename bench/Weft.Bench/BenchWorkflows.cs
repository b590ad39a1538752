using Weft.Engine.Model;

namespace Weft.Bench;

/// <summary>Workflows the durable-throughput benchmarks run.</summary>
internal static class BenchWorkflows
{
    /// <summary>
    /// <paramref name="nodes"/> <c>vars.set</c> nodes in a row, each adding one to a variable. <c>vars.set</c> is an
    /// inline activity: with the runtime's default the chain shares commits; with
    /// <see cref="Weft.Engine.Runtime.WorkflowRuntimeOptions.MaxInlineNodesPerCommit"/> = 0 every node commits alone.
    /// </summary>
    public static WorkflowDefinition Sequential(int nodes)
    {
        var definition = new WorkflowDefinition { Id = "bench-sequential" };
        for (var i = 0; i < nodes; i++)
        {
            definition.Nodes.Add(new NodeDefinition
            {
                Id = $"n{i}",
                Type = "vars.set",
                Inputs = { ["name"] = "step", ["value"] = i == 0 ? "{{ input.n }}" : "{{ vars.step + 1 }}" },
            });
            if (i > 0) definition.Edges.Add(new EdgeDefinition { Id = $"e{i}", Source = $"n{i - 1}", Target = $"n{i}" });
        }
        return definition;
    }

    /// <summary>The two ways the benchmarks run the chain: inline nodes sharing commits (the default), or one commit per node.</summary>
    public static readonly (string Name, int MaxInlineNodesPerCommit)[] CommitModes =
    [
        ("inline (default)", new Weft.Engine.Runtime.WorkflowRuntimeOptions().MaxInlineNodesPerCommit),
        ("one commit per node", 0),
    ];
}
