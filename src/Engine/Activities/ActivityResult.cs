using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities;

/// <summary>What one attempt of an activity produced: completion on a port, or suspension on a bookmark.</summary>
public sealed class ActivityResult
{
    private ActivityResult(string? port, JsonNode? output, Bookmark? bookmark, JsonObject? iterationLocals = null, bool finishesWorkflow = false)
    {
        Port = port;
        Output = output;
        Bookmark = bookmark;
        IterationLocals = iterationLocals;
        FinishesWorkflow = finishesWorkflow;
    }

    /// <summary>The port the node completed on; null when suspended.</summary>
    public string? Port { get; }

    /// <summary>The node's output, read downstream as <c>nodes.&lt;id&gt;.output</c>.</summary>
    public JsonNode? Output { get; }

    /// <summary>Set when the activity suspends; the node resumes when the bookmark does.</summary>
    public Bookmark? Bookmark { get; }

    public bool IsSuspended => Bookmark is not null;

    /// <summary>Containers only: run the body once more, with these values visible to its expressions (e.g. <c>item</c>, <c>index</c>).</summary>
    public JsonObject? IterationLocals { get; }

    public bool IsIteration => IterationLocals is not null;

    /// <summary>The whole instance completes now with <see cref="Output"/> (<c>flow.finish</c>); other branches are cancelled.</summary>
    public bool FinishesWorkflow { get; }

    public static ActivityResult Complete(JsonNode? output = null, string port = Ports.Done) => new(port, output, null);

    public static ActivityResult Suspend(Bookmark bookmark) => new(null, null, bookmark);

    /// <summary>Containers: run the body once more. See <see cref="ActivityContext.Container"/>.</summary>
    public static ActivityResult Iterate(JsonObject locals) => new(null, null, null, locals);

    /// <summary>Ends the instance as Completed with <paramref name="output"/>.</summary>
    public static ActivityResult Finish(JsonNode? output) => new(Ports.Done, output, null, null, finishesWorkflow: true);
}
