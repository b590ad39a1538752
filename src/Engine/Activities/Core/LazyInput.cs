using System.Text.Json.Nodes;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// Evaluates an input declared <c>[Input(Lazy = true)]</c>, which arrives as its raw text. Both
/// <c>"{{ vars.n &lt; 10 }}"</c> and the bare <c>"vars.n &lt; 10"</c> are accepted: a bare text is
/// read as one expression. A JSON literal that is not a string (e.g. <c>true</c>) is its own value.
/// </summary>
public static class LazyInput
{
    public static JsonNode? Evaluate(JsonNode? raw, ActivityContext context)
    {
        if (raw is not JsonValue value || !value.TryGetValue<string>(out var text)) return raw?.DeepClone();
        return context.Evaluate(AsTemplate(text));
    }

    /// <summary>The template form of a lazy text: unchanged when it has <c>{{</c>, else wrapped in <c>{{ }}</c>.</summary>
    public static string AsTemplate(string text) =>
        text.Contains("{{", StringComparison.Ordinal) ? text : "{{ " + text + " }}";
}
