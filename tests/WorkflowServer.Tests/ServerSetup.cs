using System.Net;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests;

/// <summary>Puts a server in a known state over its own API.</summary>
internal static class ServerSetup
{
    public static async Task CreateAsync(this HttpClient client, string definitionJson, bool publish = true)
    {
        var id = JsonNode.Parse(definitionJson)!["id"]!.GetValue<string>();
        (await client.PostJsonAsync("api/definitions", definitionJson)).StatusCode.ShouldBe(HttpStatusCode.Created);
        if (publish) (await client.PostAsync($"api/definitions/{id}/publish", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Starts an instance and returns its id.</summary>
    public static async Task<string> StartAsync(this HttpClient client, string body)
    {
        var response = await client.PostJsonAsync("api/instances", body);
        var started = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        return started["instanceId"]!.GetValue<string>();
    }

    public static CancellationToken Timeout(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
