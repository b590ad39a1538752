using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Runtime;

namespace Weft.Engine.Tests.Activities;

/// <summary>
/// Plays the runtime's side of the container protocol: execute, and while the activity asks
/// for an iteration, "run the body" (<paramref name="body"/>), record its result and execute again.
/// </summary>
internal static class ContainerDriver
{
    public sealed record Run(List<JsonObject> Locals, ActivityResult Final, ContainerProgress Progress);

    public static async Task<Run> RunAsync(IActivity activity, ActivityTestHost host, string type, JsonObject inputs,
        Func<JsonObject, JsonNode?> body, int safetyLimit = 100_000)
    {
        var progress = new ContainerProgress();
        host.Container = progress;
        var locals = new List<JsonObject>();
        var result = await activity.ExecuteAsync(host.Context(type, inputs));
        while (result.IsIteration)
        {
            if (locals.Count >= safetyLimit) throw new InvalidOperationException("The container never completed.");
            locals.Add(result.IterationLocals!);
            progress.Results.Add(body(result.IterationLocals!));
            progress.Index++;
            result = await activity.ExecuteAsync(host.Context(type, inputs));
        }
        return new Run(locals, result, progress);
    }
}
