using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Weft.AppHost.Tests;

/// <summary>Just enough of the WorkflowServer's REST API to publish a definition, start an instance and see it finish.</summary>
internal sealed class WorkflowServerClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Says hello after a durable delay (the delay is what a crash interrupts).</summary>
    public static JsonObject DelayedHello(string id, string delay) => new()
    {
        ["id"] = id,
        ["name"] = "AppHost test",
        ["inputs"] = new JsonArray(new JsonObject { ["name"] = "name", ["type"] = "string", ["required"] = true }),
        ["nodes"] = new JsonArray(
            new JsonObject { ["id"] = "wait", ["type"] = "timer.delay", ["inputs"] = new JsonObject { ["duration"] = delay } },
            new JsonObject { ["id"] = "finish", ["type"] = "flow.finish", ["inputs"] = new JsonObject { ["output"] = new JsonObject { ["message"] = "{{ `Hello, ${input.name}!` }}" } } }),
        ["edges"] = new JsonArray(new JsonObject { ["id"] = "e1", ["source"] = "wait", ["target"] = "finish" }),
    };

    public async Task PublishAsync(JsonObject definition)
    {
        using var created = await _http.PostAsJsonAsync("api/definitions", definition);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var published = await _http.PostAsync($"api/definitions/{definition["id"]}/publish", null);
        published.StatusCode.ShouldBe(HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
    }

    public async Task<string> StartAsync(string definitionId, string name)
    {
        using var started = await _http.PostAsJsonAsync("api/instances", new { definitionId, input = new { name } });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["instanceId"]!.GetValue<string>();
    }

    /// <summary>
    /// The instance once it ended. Polled (bounded): the server may be restarted meanwhile, which would cut an event
    /// stream, and a refused connection during the restart is expected.
    /// </summary>
    public async Task<JsonObject> WaitEndedAsync(string instanceId, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        JsonObject? last = null;
        while (true)
        {
            try
            {
                last = await _http.GetFromJsonAsync<JsonObject>($"api/instances/{instanceId}", deadline.Token);
                if (last!["status"]!.GetValue<string>() is not ("pending" or "running" or "suspended"))
                    return last;
            }
            catch (HttpRequestException)
            {
                // the server is restarting
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Instance {instanceId} did not end within {timeout}; last seen: {last}");
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Instance {instanceId} did not end within {timeout}; last seen: {last}");
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
