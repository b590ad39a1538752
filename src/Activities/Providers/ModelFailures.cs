using System.ClientModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Activities.Providers;

/// <summary>
/// Turns a failed model call into the node error a retry policy understands: rate limits (429),
/// server errors (5xx), timeouts and unreachable endpoints are retryable
/// <see cref="ModelErrorTypes.Unavailable"/>; a request the provider refuses (400, 401, 403, 404…) is
/// non-retryable <see cref="ModelErrorTypes.Rejected"/> carrying the provider's own message.
/// <code>
/// catch (Exception ex) when (ModelFailures.TryMap(ex, alias, context.CancellationToken, out var failure)) { throw failure; }
/// </code>
/// </summary>
public static class ModelFailures
{
    /// <summary>
    /// False for exceptions that are not the provider's (the caller's own cancellation, bugs): let those
    /// through unchanged.
    /// </summary>
    public static bool TryMap(Exception exception, string alias, CancellationToken callerToken, [NotNullWhen(true)] out ActivityException? failure)
    {
        ArgumentNullException.ThrowIfNull(exception);
        failure = exception switch
        {
            ActivityException already => already,
            OperationCanceledException when callerToken.IsCancellationRequested => null,
            ClientResultException result => FromStatus(result, alias),
            HttpRequestException http => Unavailable(alias, $"Model '{alias}' is unreachable: {http.Message}", null, null, http),
            OperationCanceledException or TimeoutException => Unavailable(alias, $"Model '{alias}' did not answer in time.", null, null, exception),
            IOException io => Unavailable(alias, $"The connection to model '{alias}' broke: {io.Message}", null, null, io),
            JsonException json => Unavailable(alias, $"Model '{alias}' sent a reply that is not valid protocol JSON: {json.Message}", null, null, json),
            _ => null,
        };
        return failure is not null;
    }

    private static ActivityException FromStatus(ClientResultException exception, string alias)
    {
        var status = exception.Status;
        var response = exception.GetRawResponse();
        var providerMessage = ProviderMessage(response?.Content) ?? exception.Message;
        if (status == 0)
            return Unavailable(alias, $"Model '{alias}' is unreachable: {exception.Message}", null, null, exception);
        if (status is 408 or 409 or 425 or 429 or >= 500)
        {
            var retryAfter = RetryAfter(response);
            var what = status == 429 ? "is rate limited (429)" : $"is unavailable ({status})";
            var wait = retryAfter is { } seconds ? $"; the provider asks to retry after {seconds.ToString(CultureInfo.InvariantCulture)} s" : "";
            return Unavailable(alias, $"Model '{alias}' {what}: {providerMessage}{wait}", status, retryAfter, exception);
        }
        return new ActivityException(ModelErrorTypes.Rejected, $"Model '{alias}' rejected the request ({status}): {providerMessage}", retryable: false,
            new JsonObject { ["alias"] = alias, ["status"] = status }, exception);
    }

    private static ActivityException Unavailable(string alias, string message, int? status, double? retryAfter, Exception inner)
    {
        var details = new JsonObject { ["alias"] = alias };
        if (status is not null) details["status"] = status;
        if (retryAfter is not null) details["retryAfterSeconds"] = retryAfter;
        return new ActivityException(ModelErrorTypes.Unavailable, message, retryable: true, details, inner);
    }

    /// <summary>OpenAI-style <c>{"error": {"message": …}}</c>, else the body as text (short).</summary>
    private static string? ProviderMessage(BinaryData? content)
    {
        if (content is null) return null;
        var text = content.ToString();
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var node = JsonNode.Parse(text);
            if (node?["error"] is JsonObject error && error["message"] is JsonValue message && message.TryGetValue<string>(out var m)) return m;
            if (node?["error"] is JsonValue plain && plain.TryGetValue<string>(out var p)) return p;
            if (node?["message"] is JsonValue top && top.TryGetValue<string>(out var t)) return t;
        }
        catch (JsonException)
        {
            // Not JSON: use the text as it is.
        }
        return text.Length <= 500 ? text : text[..500] + "…";
    }

    private static double? RetryAfter(System.ClientModel.Primitives.PipelineResponse? response)
    {
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return Math.Max(0, Math.Round((at - DateTimeOffset.UtcNow).TotalSeconds));
        return null;
    }
}
