using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Weft.Activities.Chat;

/// <summary>Token counts of one node attempt, summed over its model calls (a repair round included).</summary>
public sealed record ChatUsage(long InputTokens, long OutputTokens, long TotalTokens)
{
    public static readonly ChatUsage None = new(0, 0, 0);

    public static ChatUsage From(UsageDetails? usage)
    {
        if (usage is null) return None;
        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        return new ChatUsage(input, output, usage.TotalTokenCount ?? input + output);
    }

    public ChatUsage Add(ChatUsage other) =>
        new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, TotalTokens + other.TotalTokens);

    public JsonObject ToJson() => new() { ["inputTokens"] = InputTokens, ["outputTokens"] = OutputTokens, ["totalTokens"] = TotalTokens };
}
