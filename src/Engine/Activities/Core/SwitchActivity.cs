using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// <c>flow.switch</c>: one port per case plus <c>default</c>. Conditions are evaluated in
/// order, lazily, and the first truthy one wins — so a later case may assume the earlier
/// ones were false, and conditions after the match are never evaluated.
/// </summary>
[Activity("flow.switch", DisplayName = "Switch", Category = "Flow", Inline = true,
    Description = "Routes to the first case whose condition is truthy, else to 'default'. Each case adds a port named after it.",
    Ports = [DefaultPort])]
[Output("case", ValueTypes.String, Description = "The name of the matching case, or 'default'.")]
public sealed class SwitchActivity : Activity<SwitchInputs>, IPortProvider
{
    public const string DefaultPort = "default";

    public IReadOnlyList<string> GetPorts(NodeDefinition node)
    {
        var ports = new List<string>();
        if (node.Inputs.TryGetValue("cases", out var cases) && cases is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonObject c && c["name"] is JsonValue name && name.TryGetValue<string>(out var text)
                    && !string.IsNullOrWhiteSpace(text) && !ports.Contains(text, StringComparer.Ordinal))
                    ports.Add(text);
            }
        }
        if (!ports.Contains(DefaultPort, StringComparer.Ordinal)) ports.Add(DefaultPort);
        return ports;
    }

    protected override ValueTask<ActivityResult> ExecuteAsync(SwitchInputs inputs, ActivityContext context)
    {
        var cases = ReadCases(inputs.Cases, context);
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i] is not JsonObject c || c["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name))
                throw ActivityException.Validation($"Case {i} of node '{context.NodeId}' needs a 'name'.");
            if (JsTruthiness.IsTruthy(LazyInput.Evaluate(c["condition"], context)))
                return Matched(name);
        }
        return Matched(DefaultPort);
    }

    private static ValueTask<ActivityResult> Matched(string port) =>
        ValueTask.FromResult(ActivityResult.Complete(new JsonObject { ["case"] = port }, port));

    /// <summary>
    /// The cases arrive raw (the input is lazy so that each condition is evaluated only when its
    /// turn comes): normally the literal array; a template yielding the array is evaluated first.
    /// </summary>
    private static JsonArray ReadCases(JsonNode? raw, ActivityContext context)
    {
        var value = raw;
        if (raw is JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (text.Contains("{{", StringComparison.Ordinal))
            {
                value = context.Evaluate(text);
            }
            else
            {
                try
                {
                    value = JsonNode.Parse(text);
                }
                catch (JsonException ex)
                {
                    throw ActivityException.Validation($"Input 'cases' of node '{context.NodeId}' is not a JSON array: {ex.Message}");
                }
            }
        }
        return value as JsonArray
            ?? throw ActivityException.Validation($"Input 'cases' of node '{context.NodeId}' must be an array of {{ name, condition }}.");
    }
}

public sealed class SwitchInputs
{
    [Input(Required = true, Lazy = true, Type = ValueTypes.Array, UiHint = UiHints.Json,
        Description = "The cases, in order: [{ \"name\": \"big\", \"condition\": \"{{ input.size > 100 }}\" }, …]. Each name becomes a port; conditions are evaluated in order until one is truthy.")]
    public JsonNode? Cases { get; set; }
}
