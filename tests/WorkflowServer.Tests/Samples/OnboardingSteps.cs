using System.Net;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>Drives workflows/onboarding.json over HTTP: start, send user messages, read the step.</summary>
internal static class OnboardingSteps
{
    /// <summary>POST /workflows/onboarding; returns the instance id from the 202.</summary>
    public static async Task<string> StartAsync(HttpClient client, string userId)
    {
        var response = await client.PostJsonAsync("workflows/onboarding", new JsonObject { ["userId"] = userId, ["name"] = "Ada" }.ToJsonString());
        var accepted = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        return accepted["instanceId"]!.GetValue<string>();
    }

    public static async Task SendAsync(HttpClient client, string instanceId, string text) =>
        (await client.PostJsonAsync($"api/instances/{instanceId}/signals/user_message", new JsonObject { ["text"] = text }.ToJsonString()))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);

    /// <summary>
    /// Reads the instance until <c>vars.step</c> is <paramref name="step"/> and it waits (Suspended) or has ended;
    /// bounded. Polling: the server may be another process, and the state query is what a client has.
    /// </summary>
    public static async Task<JsonNode> WaitForStepAsync(HttpClient client, string instanceId, string step, int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        JsonNode? last = null;
        try
        {
            while (true)
            {
                last = await (await client.GetAsync($"api/instances/{instanceId}", deadline.Token)).ShouldBeJsonAsync(HttpStatusCode.OK);
                var status = last["status"]!.GetValue<string>();
                if (status == "faulted") throw new ShouldAssertException($"The onboarding faulted: {last.ToJsonString()}");
                if (last["variables"]?["step"]?.GetValue<string>() == step && status is "suspended" or "completed") return last;
                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException($"Step '{step}' was not reached within {seconds} s; last state: {last?.ToJsonString()}");
        }
    }
}
