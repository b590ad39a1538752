using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Engine.Validation;

/// <summary>
/// Checks of a node's input values against its activity's descriptor: unknown names, literal values
/// of the wrong kind, templates that do not parse, required inputs left out.
/// </summary>
internal static class NodeInputChecks
{
    private static readonly Dictionary<string, JsonNode?> NoInputs = [];

    public static void Check(NodeDefinition node, ActivityRegistration? registration, string path, ValidationContext context)
    {
        var inputs = node.Inputs ?? NoInputs;
        var inputsPath = JsonPath.Property(path, "inputs");
        var descriptors = registration?.Descriptor.Inputs.ToDictionary(d => d.Name, StringComparer.Ordinal);
        // An activity written straight on IActivity reads whatever inputs it likes: nothing is "unknown" to it.
        var knowsAllInputs = registration is not null && DeclaresInputs(registration.Activity);

        foreach (var (name, value) in inputs)
        {
            var inputPath = JsonPath.Property(inputsPath, name);
            InputDescriptor? descriptor = null;
            if (descriptors is not null && descriptors.TryGetValue(name, out descriptor))
            {
                if (!Fits(descriptor.Type, value))
                {
                    context.Report(ValidationCodes.InputTypeMismatch,
                        $"Node '{node.Id}': input '{name}' must be of type {descriptor.Type}, but its value is {Describe(value)}.",
                        inputPath, node.Id);
                }
            }
            else if (knowsAllInputs)
            {
                context.Report(ValidationCodes.UnknownInput, UnknownInputMessage(node, name, descriptors!.Keys), inputPath, node.Id);
            }

            // Code (script.js) is the activity's own language, not ours: its "{{" means nothing to us.
            if (descriptor?.UiHint == UiHints.Code) continue;
            foreach (var error in context.Expressions.Check(value, inputPath))
            {
                context.Report(ValidationCodes.InvalidExpression,
                    $"Node '{node.Id}', input '{name}': {error.Message} (position {error.Position}).",
                    error.Path, node.Id);
            }
        }

        if (registration is null) return;
        foreach (var descriptor in registration.Descriptor.Inputs)
        {
            if (descriptor.Required && IsMissing(inputs, descriptor.Name))
            {
                context.Report(ValidationCodes.MissingRequiredInput,
                    $"Node '{node.Id}': the required input '{descriptor.Name}' has no value.",
                    JsonPath.Property(inputsPath, descriptor.Name), node.Id);
            }
        }
    }

    /// <summary>Null and the empty string count as missing; a template counts as present (its value is known only at run time).</summary>
    private static bool IsMissing(Dictionary<string, JsonNode?> inputs, string name) =>
        !inputs.TryGetValue(name, out var value)
        || value is null
        || (value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length == 0);

    /// <summary>
    /// Only literals are judged: a string with a template may evaluate to anything. Numbers in
    /// strings fit numeric inputs, because the input binder reads them (web defaults).
    /// </summary>
    private static bool Fits(string type, JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (text.Contains("{{", StringComparison.Ordinal)) return true;
            if (type == ValueTypes.Number) return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            if (type == ValueTypes.Integer) return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
        }
        return ValueTypes.Accepts(type, value);
    }

    private static string Describe(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => $"the string {value.ToJsonString()}",
        JsonValueKind.Number => $"the number {value.ToJsonString()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.ToJsonString()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string UnknownInputMessage(NodeDefinition node, string name, IEnumerable<string> known)
    {
        var message = $"Node '{node.Id}': activity '{node.Type}' has no input '{name}'.";
        var sameButCase = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return sameButCase is null ? message : $"{message} Did you mean '{sameButCase}'?";
    }

    private static bool DeclaresInputs(IActivity activity)
    {
        for (var type = activity.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Activity<>)) return true;
        }
        return false;
    }
}
