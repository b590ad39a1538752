using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Runtime;

/// <summary>Checks a start's input against the definition's declared inputs and fills defaults.</summary>
internal static class StartInputs
{
    public static JsonObject Bind(WorkflowDefinition definition, JsonObject? given)
    {
        var input = given?.DeepClone() as JsonObject ?? [];
        foreach (var declared in definition.Inputs)
        {
            input.TryGetPropertyValue(declared.Name, out var value);
            if (value is null && declared.Default is not null)
            {
                input[declared.Name] = value = declared.Default.DeepClone();
            }
            if (value is null)
            {
                if (declared.Required)
                    throw new WorkflowStartException($"Input '{declared.Name}' is required.", $"input.{declared.Name}");
                continue;
            }
            if (!ValueTypes.Accepts(declared.Type, value))
                throw new WorkflowStartException($"Input '{declared.Name}' must be of type {declared.Type}, not {value.GetValueKind().ToString().ToLowerInvariant()}.", $"input.{declared.Name}");
        }
        return input;
    }

    public static JsonObject InitialVariables(WorkflowDefinition definition)
    {
        var variables = new JsonObject();
        foreach (var variable in definition.Variables) variables[variable.Name] = variable.Default?.DeepClone();
        return variables;
    }
}
