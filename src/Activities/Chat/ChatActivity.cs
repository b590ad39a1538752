using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Weft.Activities.Providers;
using Weft.Activities.Schema;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Chat;

/// <summary>
/// <c>ai.chat</c>: one answer from a chat model. The prompt is inline (<c>system</c>, <c>user</c>,
/// <c>messages</c>) or a YAML prompt file; the reply is text, or — with a <c>schema</c> — JSON that is
/// validated, repaired once by telling the model what was wrong, and otherwise fails as
/// <see cref="ModelErrorTypes.InvalidOutput"/>. Streamed tokens go to the instance's event stream as
/// they arrive. Rate limits and provider outages fail retryably, so the node's retry policy applies.
/// </summary>
[Activity("ai.chat", DisplayName = "Chat model", Category = "AI",
    Description = "Asks a chat model (by alias: main, router…) with system/user templates or a YAML prompt file; text or JSON-schema output (validated, repaired once); streams tokens to the instance's event stream; records usage.")]
[Output("text", ValueTypes.String, Description = "The reply as text.")]
[Output("json", ValueTypes.Any, Description = "With a schema: the reply parsed and validated.")]
[Output("usage", ValueTypes.Object, Description = "{ inputTokens, outputTokens, totalTokens }, summed over the repair round.")]
[Output("model", ValueTypes.String, Description = "The model that answered, as the provider names it.")]
[Output("finishReason", ValueTypes.String, Description = "stop, length, content_filter…")]
public sealed class ChatActivity : Activity<ChatInputs>
{
    protected override async ValueTask<ActivityResult> ExecuteAsync(ChatInputs inputs, ActivityContext context)
    {
        var prompt = inputs.Prompt is { Length: > 0 } path ? PromptLibrary.Resolve(context.Services).Load(path, context.NodeId) : null;

        // The node's own settings win over the prompt file's; the file's over the defaults.
        var alias = Explicit(context, "model") ? inputs.Model : prompt?.Model ?? inputs.Model;
        ModelInput.RequireAlias(alias, context.NodeId);
        var system = PromptText.Of(inputs.System) ?? Render(prompt?.System, context);
        var user = PromptText.Of(inputs.User) ?? Render(prompt?.User, context);
        var temperature = inputs.Temperature ?? prompt?.Temperature;
        var maxTokens = inputs.MaxTokens ?? prompt?.MaxTokens;
        var schema = inputs.Schema ?? prompt?.Schema;
        CheckSchema(schema, context.NodeId);

        var client = ModelCatalogResolver.Resolve(context.Services).GetChatClient(alias);
        var messages = ChatMessages.Build(system, inputs.Messages, user, context.NodeId);
        var options = new ChatOptions
        {
            Temperature = temperature is { } t ? (float)t : null,
            MaxOutputTokens = maxTokens,
            ResponseFormat = schema is null ? null : ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema), "output"),
        };
        var tokens = inputs.Stream ? new TokenEmitter(context, inputs.TokenFields) : null;

        var reply = await ChatCall.RunAsync(client, alias, messages, options, context, tokens).ConfigureAwait(false);
        var usage = reply.Usage;
        JsonNode? json = null;
        var repaired = false;
        if (schema is not null)
        {
            var (value, errors) = StructuredOutput.Check(reply.Text, schema);
            if (errors.Count > 0)
            {
                // One repair round: the model sees its reply and what is wrong with it.
                messages.Add(new ChatMessage(ChatRole.Assistant, reply.Text));
                messages.Add(new ChatMessage(ChatRole.User, StructuredOutput.RepairPrompt(errors)));
                if (tokens is not null) tokens.Round = 2;
                reply = await ChatCall.RunAsync(client, alias, messages, options, context, tokens).ConfigureAwait(false);
                usage = usage.Add(reply.Usage);
                (value, errors) = StructuredOutput.Check(reply.Text, schema);
                repaired = true;
                if (errors.Count > 0)
                {
                    GenAiTelemetry.Record(context, client, alias, options, usage, reply);
                    throw InvalidOutput(context.NodeId, alias, errors, reply.Text, usage);
                }
            }
            json = value;
        }
        GenAiTelemetry.Record(context, client, alias, options, usage, reply);

        var output = new JsonObject
        {
            ["text"] = reply.Text,
            ["usage"] = usage.ToJson(),
            ["model"] = reply.Model,
            ["finishReason"] = reply.FinishReason,
        };
        if (schema is not null)
        {
            output["json"] = json?.DeepClone();
            output["repaired"] = repaired;
        }
        return ActivityResult.Complete(output);
    }

    private static bool Explicit(ActivityContext context, string input) => context.Node.Inputs.ContainsKey(input);

    private static string? Render(string? template, ActivityContext context) =>
        template is null ? null : PromptText.Of(context.Evaluate(template));

    private static void CheckSchema(JsonObject? schema, string nodeId)
    {
        if (schema is null) return;
        var problems = JsonSchemaChecker.Check(schema);
        if (problems.Count > 0)
            throw ActivityException.Validation($"The schema of node '{nodeId}' cannot be used: {string.Join("; ", problems)}", StructuredOutput.ToJson(problems));
    }

    private static ActivityException InvalidOutput(string nodeId, string alias, IReadOnlyList<SchemaError> errors, string text, ChatUsage usage) =>
        new(ModelErrorTypes.InvalidOutput,
            $"Model '{alias}' of node '{nodeId}' replied with JSON that breaks the schema, even after a repair round: {string.Join("; ", errors.Take(5))}",
            retryable: false,
            new JsonObject { ["errors"] = StructuredOutput.ToJson(errors), ["output"] = text, ["usage"] = usage.ToJson() });
}

public sealed class ChatInputs
{
    [Input(Description = "The model alias (configured under Weft:Models): main, router… Default: main, or the prompt file's.")]
    public string Model { get; set; } = ModelCatalog.MainAlias;

    [Input(Type = ValueTypes.String, UiHint = UiHints.MultiLine, Description = "The system message, e.g. \"You are a support agent for {{ input.product }}.\" Overrides the prompt file's.")]
    public JsonNode? System { get; set; }

    [Input(Type = ValueTypes.String, UiHint = UiHints.MultiLine, Description = "The user message, e.g. \"{{ input.question }}\". Overrides the prompt file's.")]
    public JsonNode? User { get; set; }

    [Input(UiHint = UiHints.Text, Description = "A YAML prompt file (system, user, model, temperature, maxTokens, schema), relative to the prompts directory. Its templates are evaluated in this node's scope.")]
    public string? Prompt { get; set; }

    [Input(Type = ValueTypes.Array, UiHint = UiHints.Json, Description = "Earlier turns, between the system and the user message: [{ \"role\": \"user\" | \"assistant\", \"content\": \"…\" }], e.g. \"{{ input.conversation_history }}\".")]
    public JsonNode? Messages { get; set; }

    [Input(Description = "Sampling temperature, 0 to 2. Default: the prompt file's, else the model's.")]
    public double? Temperature { get; set; }

    [Input(Description = "The most tokens the reply may have. Default: the prompt file's, else the model's.")]
    public int? MaxTokens { get; set; }

    [Input(Type = ValueTypes.Object, UiHint = UiHints.Json, Description = "A JSON Schema: the reply must be JSON that matches it (validated; one repair round; then InvalidModelOutput). Overrides the prompt file's.")]
    public JsonObject? Schema { get; set; }

    [Input(Description = "Publish tokens to the instance's event stream as they arrive ({ nodeId, seq, delta, ts }). Default: true.")]
    public bool Stream { get; set; } = true;

    [Input(Type = ValueTypes.Object, UiHint = UiHints.Json, Description = "Extra fields added to every token event, e.g. { \"requestId\": \"{{ input.requestId }}\" }.")]
    public JsonObject? TokenFields { get; set; }
}
