using System.Text.Json.Nodes;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class IfActivityTests
{
    public static TheoryData<string, bool> Conditions => new()
    {
        { "true", true },
        { "false", false },
        { "1", true },
        { "0", false },
        { "-0.5", true },
        { "\"\"", false },
        { "\"false\"", true },
        { "null", false },
        { "[]", true },
        { "{}", true },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task ExecuteAsync_Condition_CompletesOnItsTruthinessPort(string conditionJson, bool expected)
    {
        var inputs = new JsonObject { ["condition"] = JsonNode.Parse(conditionJson) };

        var result = await new IfActivity().ExecuteAsync(new ActivityTestHost().Context("flow.if", inputs));

        result.Port.ShouldBe(expected ? "true" : "false");
        result.Output!["result"]!.GetValue<bool>().ShouldBe(expected);
    }
}
