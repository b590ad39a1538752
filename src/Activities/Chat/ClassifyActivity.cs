using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Activities.Providers;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Chat;

/// <summary>
/// <c>ai.classify</c>: routes by meaning. A (cheap) model picks one of the node's categories, each of
/// which is a port; the node completes on it. A reply that cannot be read, names no known category, or
/// is less confident than <c>minConfidence</c> takes the <c>fallback</c> port instead — routing never
/// fails on what the model said (provider failures still fail, so retries apply).
/// </summary>
[Activity("ai.classify", DisplayName = "Classify", Category = "AI",
    Description = "Routes text to one of its categories (one port each) with a model (default alias: router); unparsable, unknown or low-confidence answers take 'fallback'.",
    Ports = [FallbackPort])]
[Output("category", ValueTypes.String, Description = "The category chosen, or null on fallback.")]
[Output("confidence", ValueTypes.Number, Description = "The model's confidence, 0 to 1 (null if it gave none).")]
[Output("reason", ValueTypes.String, Description = "The model's explanation, or why the fallback was taken.")]
[Output("raw", ValueTypes.String, Description = "The model's reply as sent.")]
[Output("usage", ValueTypes.Object, Description = "{ inputTokens, outputTokens, totalTokens }.")]
public sealed class ClassifyActivity : Activity<ClassifyInputs>, IPortProvider
{
    public const string FallbackPort = "fallback";

    public IReadOnlyList<string> GetPorts(NodeDefinition node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var ports = ClassifyCategory.Read(node.Inputs.GetValueOrDefault("categories")).Select(c => c.Name).ToList();
        if (!ports.Contains(FallbackPort, StringComparer.Ordinal)) ports.Add(FallbackPort);
        return ports;
    }

    protected override async ValueTask<ActivityResult> ExecuteAsync(ClassifyInputs inputs, ActivityContext context)
    {
        var ports = GetPorts(context.Node);
        // Categories come from the evaluated input; only those that are ports of the node can be routed to.
        var categories = ClassifyCategory.Read(inputs.Categories).Where(c => ports.Contains(c.Name, StringComparer.Ordinal) && c.Name != FallbackPort).ToList();
        if (categories.Count == 0)
            throw ActivityException.Validation($"Node '{context.NodeId}' needs 'categories': an array of names or of {{ name, description }}, written literally (each becomes a port).");
        var text = PromptText.Of(inputs.Text);
        if (string.IsNullOrWhiteSpace(text))
            throw ActivityException.Validation($"Input 'text' of node '{context.NodeId}' is empty: there is nothing to classify.");

        ModelInput.RequireAlias(inputs.Model, context.NodeId);
        var client = ModelCatalogResolver.Resolve(context.Services).GetChatClient(inputs.Model);
        var options = new ChatOptions
        {
            Temperature = (float)inputs.Temperature,
            MaxOutputTokens = inputs.MaxTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(AnswerSchema(categories)), "classification"),
        };
        List<ChatMessage> messages = [new(ChatRole.System, Instructions(categories, inputs.Instructions)), new(ChatRole.User, text)];
        var reply = await ChatCall.RunAsync(client, inputs.Model, messages, options, context, tokens: null).ConfigureAwait(false);
        GenAiTelemetry.Record(context, client, inputs.Model, options, reply.Usage, reply, operation: "classify");

        var verdict = Read(reply.Text, categories, inputs.MinConfidence);
        var output = new JsonObject
        {
            ["category"] = verdict.Category,
            ["confidence"] = verdict.Confidence,
            ["reason"] = verdict.Reason,
            ["raw"] = reply.Text,
            ["usage"] = reply.Usage.ToJson(),
            ["model"] = reply.Model,
        };
        return ActivityResult.Complete(output, verdict.Category ?? FallbackPort);
    }

    private sealed record Verdict(string? Category, double? Confidence, string? Reason);

    private static Verdict Read(string text, List<ClassifyCategory> categories, double minConfidence)
    {
        if (!StructuredOutput.TryParse(text, out var value, out var error) || value is not JsonObject answer)
            return new Verdict(null, null, $"The model's reply is not a JSON object ({(error.Length > 0 ? error : "another JSON value")}).");
        var confidence = Confidence(answer["confidence"]);
        var reason = PromptText.Of(answer["reason"]);
        var said = PromptText.Of(answer["category"])?.Trim();
        var match = categories.FirstOrDefault(c => string.Equals(c.Name, said, StringComparison.Ordinal))
            ?? categories.FirstOrDefault(c => string.Equals(c.Name, said, StringComparison.OrdinalIgnoreCase));
        if (match is null)
            return new Verdict(null, confidence, $"The model answered '{said}', which is not one of the categories.");
        if (minConfidence > 0 && (confidence ?? 0) < minConfidence)
            return new Verdict(null, confidence, string.Create(CultureInfo.InvariantCulture, $"The model chose '{match.Name}' with confidence {confidence?.ToString(CultureInfo.InvariantCulture) ?? "none"}, below the minimum {minConfidence}."));
        return new Verdict(match.Name, confidence, reason);
    }

    private static double? Confidence(JsonNode? value)
    {
        var text = value switch
        {
            JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
            JsonValue v when v.GetValueKind() is JsonValueKind.String => v.GetValue<string>().Trim().TrimEnd('%'),
            _ => null,
        };
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)) return null;
        if (number > 1 && number <= 100) number /= 100; // "87" or "87%" mean 0.87
        return Math.Clamp(number, 0, 1);
    }

    private static string Instructions(List<ClassifyCategory> categories, string? extra)
    {
        var text = new StringBuilder("You are a classifier. Decide which one of these categories the user's text belongs to.\n");
        if (!string.IsNullOrWhiteSpace(extra)) text.Append(extra.Trim()).Append('\n');
        text.Append("Categories:\n");
        foreach (var category in categories)
        {
            text.Append("- ").Append(category.Name);
            if (!string.IsNullOrWhiteSpace(category.Description)) text.Append(": ").Append(category.Description.Trim());
            text.Append('\n');
        }
        text.Append("Reply with only a JSON object: {\"category\": one of the category names exactly, \"confidence\": a number from 0 to 1, \"reason\": one short sentence}.");
        return text.ToString();
    }

    private static JsonObject AnswerSchema(List<ClassifyCategory> categories) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["category"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. categories.Select(c => (JsonNode)c.Name)]) },
            ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            ["reason"] = new JsonObject { ["type"] = "string" },
        },
        ["required"] = new JsonArray("category", "confidence", "reason"),
        ["additionalProperties"] = false,
    };
}

public sealed class ClassifyInputs
{
    [Input(Required = true, Type = ValueTypes.Array, UiHint = UiHints.Json,
        Description = "The categories, written literally: [\"CHAT_RESPONSE\", …] or [{ \"name\": \"…\", \"description\": \"…\" }]. Each is a port; 'fallback' is added.")]
    public JsonNode? Categories { get; set; }

    [Input(Required = true, Type = ValueTypes.String, UiHint = UiHints.MultiLine, Description = "The text to classify, e.g. \"{{ input.message }}\".")]
    public JsonNode? Text { get; set; }

    [Input(Description = "The model alias. Default: router (a cheap, fast model).")]
    public string Model { get; set; } = ModelCatalog.RouterAlias;

    [Input(UiHint = UiHints.MultiLine, Description = "Extra guidance for the classifier, added to its instructions.")]
    public string? Instructions { get; set; }

    [Input(Description = "Below this confidence (0 to 1) the fallback port is taken. Default: 0 (any).")]
    public double MinConfidence { get; set; }

    [Input(Description = "Sampling temperature. Default: 0, the most repeatable routing.")]
    public double Temperature { get; set; }

    [Input(Description = "The most tokens the answer may have. Default: the model's.")]
    public int? MaxTokens { get; set; }
}
