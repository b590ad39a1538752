using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Weft.Activities.Chat;

/// <summary>
/// A prompt kept in a YAML file next to the workflows, so prompts are versioned and reviewed like code:
/// <code>
/// model: main            # optional alias
/// temperature: 0.2       # optional
/// maxTokens: 400         # optional
/// system: |
///   You are a helpful assistant for {{ input.product }}.
/// user: |
///   {{ input.question }}
/// schema:                # optional: structured output
///   type: object
///   properties: { answer: { type: string } }
///   required: [answer]
/// </code>
/// <c>system</c> and <c>user</c> are templates in Weft's <c>{{ }}</c> syntax, evaluated in the node's scope.
/// </summary>
public sealed record PromptFile(
    string Path,
    string? System,
    string? User,
    string? Model,
    double? Temperature,
    int? MaxTokens,
    JsonObject? Schema)
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "model", "temperature", "maxTokens", "system", "user", "schema", "description" };

    /// <summary>Parses the YAML text of a prompt file; <paramref name="path"/> is for messages.</summary>
    public static PromptFile Parse(string path, string yaml)
    {
        JsonNode? root;
        try
        {
            root = YamlJson.Parse(yaml);
        }
        catch (YamlException ex)
        {
            throw new FormatException($"Prompt file '{path}' is not valid YAML (line {ex.Start.Line}): {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        if (root is not JsonObject fields)
            throw new FormatException($"Prompt file '{path}' must be a YAML mapping with 'system' and/or 'user'.");
        foreach (var (key, _) in fields)
        {
            if (!Known.Contains(key))
                throw new FormatException($"Prompt file '{path}' has an unknown field '{key}' (known: {string.Join(", ", Known)}).");
        }
        var system = Text(fields, "system", path);
        var user = Text(fields, "user", path);
        if (system is null && user is null)
            throw new FormatException($"Prompt file '{path}' needs 'system' or 'user'.");
        return new PromptFile(
            path,
            system,
            user,
            Text(fields, "model", path),
            Number(fields, "temperature", path),
            fields["maxTokens"] is null ? null : (int)Number(fields, "maxTokens", path)!.Value,
            fields["schema"] switch
            {
                null => null,
                JsonObject schema => schema,
                _ => throw new FormatException($"Prompt file '{path}': 'schema' must be a mapping (a JSON Schema)."),
            });
    }

    private static string? Text(JsonObject fields, string name, string path) => fields[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new FormatException($"Prompt file '{path}': '{name}' must be text."),
    };

    private static double? Number(JsonObject fields, string name, string path) => fields[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => double.Parse(value.ToJsonString(), global::System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new FormatException($"Prompt file '{path}': '{name}' must be a number."),
    };
}
