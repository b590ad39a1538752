using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>vars.set</c>: sets instance variables, committed with the node's completion. Give
/// <c>name</c> and <c>value</c> for one variable, <c>values</c> for several, or both
/// (<c>name</c>/<c>value</c> is applied last, so it wins over the same name in <c>values</c>).
/// The output is an object of the variables set (name → new value); its fields depend on the
/// node, so no <c>[Output]</c> is declared.
/// </summary>
[Activity("vars.set", DisplayName = "Set variables", Category = "Data", Inline = true,
    Description = "Sets one variable (name + value) or several (values), read afterwards as vars.<name>.")]
public sealed class SetVariablesActivity : Activity<SetVariablesInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(SetVariablesInputs inputs, ActivityContext context)
    {
        var assignments = new List<KeyValuePair<string, JsonNode?>>();
        if (inputs.Values is { } values)
            assignments.AddRange(values);
        if (!string.IsNullOrWhiteSpace(inputs.Name))
            assignments.Add(new(inputs.Name, inputs.Value));
        else if (inputs.Value is not null)
            throw ActivityException.Validation($"Node '{context.NodeId}' has a 'value' but no variable 'name'.");

        if (assignments.Count == 0)
            throw ActivityException.Validation($"Node '{context.NodeId}' sets nothing: give 'name' and 'value', or 'values'.");

        var output = new JsonObject();
        foreach (var (name, value) in assignments)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw ActivityException.Validation($"Node '{context.NodeId}' has a variable with an empty name in 'values'.");
            // A JsonNode has one parent: the runtime keeps its own copy, the output another.
            context.SetVariable(name, value?.DeepClone());
            output[name] = value?.DeepClone();
        }
        return ValueTask.FromResult(ActivityResult.Complete(output));
    }
}

public sealed class SetVariablesInputs
{
    [Input(UiHint = UiHints.Text, Description = "The variable to set (with 'value').")]
    public string? Name { get; set; }

    [Input(Description = "The new value of 'name'; null when left out.")]
    public JsonNode? Value { get; set; }

    [Input(Description = "Several variables at once: an object of name → value.")]
    public JsonObject? Values { get; set; }
}
