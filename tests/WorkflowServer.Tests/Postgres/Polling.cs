using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests.Postgres;

/// <summary>
/// Waiting on another process's state over its API: there is no event to await across processes (except the SSE
/// stream, which some tests check on purpose), so these poll every 100 ms within a bound.
/// </summary>
internal static class Polling
{
    public static async Task<JsonNode> UntilAsync(HttpClient client, string instanceId, Func<JsonNode, bool> done, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        JsonNode? last = null;
        try
        {
            while (true)
            {
                last = await (await client.GetAsync($"api/instances/{instanceId}", deadline.Token)).ReadJsonAsync();
                if (done(last)) return last;
                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{instanceId} was not {what} within {timeout}: {last?.ToJsonString()}");
        }
    }

    public static Task<JsonNode> UntilStatusAsync(HttpClient client, string instanceId, string status, TimeSpan timeout) =>
        UntilAsync(client, instanceId, s => s["status"]!.GetValue<string>() == status, timeout, status);
}
