using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Expressions;

namespace Weft.WorkflowServer.Triggers;

/// <summary>
/// The idempotency key of a trigger request: the <c>Idempotency-Key</c> header when the caller sends
/// one, else the trigger's <c>idempotencyKey</c> template evaluated against the request (<c>trigger</c>,
/// <c>input</c>) — so a body field such as <c>requestId</c> can make repeats return the same instance.
/// </summary>
internal static class TriggerIdempotencyKey
{
    /// <summary>The longest key accepted, as for the Idempotency-Key header of <c>POST /api/instances</c>.</summary>
    public const int MaxLength = 200;

    /// <summary>The key, or null for none; <c>Error</c> says why the request is refused (400).</summary>
    public static (string? Key, string? Error) Resolve(HttpRequest request, TriggerRoute route, TriggerRequest read)
    {
        if (request.Headers[TriggerHandler.IdempotencyKeyHeader] is { Count: > 0 } header && !string.IsNullOrWhiteSpace(header))
            return Checked(header.ToString(), TriggerHandler.IdempotencyKeyHeader);
        if (route.IdempotencyKey is not { } template) return (null, null);

        JsonNode? value;
        try
        {
            value = template.Evaluate(new DictionaryScope().Set("trigger", read.Trigger).Set("input", read.Input));
        }
        catch (ExpressionException ex)
        {
            return (null, $"The trigger's idempotencyKey '{template.Text}' could not be evaluated for this request: {ex.Message}");
        }
        // A key that comes out empty (the field is missing) starts without one: the input check names a required field.
        var text = value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        };
        if (value is not null && text is null)
            return (null, $"The trigger's idempotencyKey '{template.Text}' gave {value.ToJsonString()}; it must give text or a number.");
        return string.IsNullOrWhiteSpace(text) ? (null, null) : Checked(text, "idempotencyKey");
    }

    private static (string?, string?) Checked(string key, string source) =>
        key.Length > MaxLength ? (null, $"The idempotency key from {source} is longer than {MaxLength} characters.") : (key, null);
}
