using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Cli.Report;

/// <summary>
/// Reads the monitoring report from a server's metrics API: every workflow over the window, then each one's nodes over
/// the very same window (the <c>from</c>/<c>to</c> the server answered first, so a default "last day" cannot drift).
/// </summary>
internal sealed class ReportClient(HttpClient http)
{
    public static HttpClient Create(Uri server, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    /// <summary>{ from, to, workflows: [ { …figures, nodes: [ … ] } ] }.</summary>
    public async Task<JsonObject> ReadAsync(string windowQuery, CancellationToken cancellationToken)
    {
        var all = await GetAsync($"api/metrics/workflows?{windowQuery}", cancellationToken).ConfigureAwait(false);
        var from = all["from"]!.GetValue<string>();
        var to = all["to"]!.GetValue<string>();
        var exact = $"from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}";
        var workflows = new JsonArray();
        foreach (var workflow in all["workflows"]!.AsArray())
        {
            var id = workflow!["definitionId"]!.GetValue<string>();
            var detail = await GetAsync($"api/metrics/workflows/{Uri.EscapeDataString(id)}?{exact}", cancellationToken).ConfigureAwait(false);
            var entry = workflow.DeepClone().AsObject();
            entry["nodes"] = detail["nodes"]!.DeepClone();
            workflows.Add(entry);
        }
        return new JsonObject { ["from"] = from, ["to"] = to, ["workflows"] = workflows };
    }

    private async Task<JsonNode> GetAsync(string url, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ReportServerException($"cannot reach the server at {http.BaseAddress}: {ex.Message}", badInput: false);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // A client error is something the user gave (window, key); a server error is not.
                var status = (int)response.StatusCode;
                throw new ReportServerException($"the server answered {status} {response.ReasonPhrase}: {Describe(text)}",
                    badInput: status is >= 400 and < 500 && response.StatusCode != HttpStatusCode.RequestTimeout);
            }
            try
            {
                return JsonNode.Parse(text) ?? throw new JsonException("The body is JSON null.");
            }
            catch (JsonException ex)
            {
                throw new ReportServerException($"the server's answer to {url} is not the JSON expected: {ex.Message}", badInput: false);
            }
        }
    }

    /// <summary>The Problem Details' detail (and the field it names), else the start of the body.</summary>
    private static string Describe(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem && problem["detail"]?.GetValue<string>() is { } detail)
                return problem["field"]?.GetValue<string>() is { } field ? $"{detail} (field: {field})" : detail;
        }
        catch (JsonException) { /* not JSON: show the text */ }
        return body.Length > 200 ? body[..200] + "…" : body;
    }
}

/// <summary>The report could not be read from the server; <see cref="BadInput"/> when the server refused what the user gave.</summary>
internal sealed class ReportServerException(string message, bool badInput) : Exception(message)
{
    public bool BadInput { get; } = badInput;
}
