using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests;

/// <summary>Small HTTP helpers: JSON in, JSON out, and the Problem Details every error must be.</summary>
internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) => client.PostAsync(url, Json(json));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) => client.PutAsync(url, Json(json));

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("The body is JSON null.");

    /// <summary>Asserts the status and a JSON body; returns the body.</summary>
    public static async Task<JsonNode> ShouldBeJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        return JsonNode.Parse(text)!;
    }

    /// <summary>
    /// Asserts an RFC 9457 Problem Details answer: the media type, type, title, status and a detail that says
    /// something, and — when given — the field or JSON path it names. Returns the body for further checks.
    /// </summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        var problem = JsonNode.Parse(text)!.AsObject();
        problem["type"]!.GetValue<string>().ShouldStartWith("https://", customMessage: text);
        problem["title"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(text);
        problem["status"]!.GetValue<int>().ShouldBe((int)status, text);
        problem["detail"]!.GetValue<string>().Length.ShouldBeGreaterThan(10, text);
        problem["traceId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(text);
        text.ShouldNotContain("   at ", customMessage: "no stack trace"); // a .NET stack frame
        if (field is not null) problem["field"]?.GetValue<string>().ShouldBe(field, text);
        return problem;
    }

    public static MediaTypeHeaderValue MediaType(string type) => new(type);
}
