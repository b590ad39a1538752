using Weft.Engine.Activities;
using Weft.Engine.Runtime;

namespace Weft.Engine.Tests.Runtime;

public sealed class LimitsTests
{
    [Fact]
    public async Task ScriptThatLoopsForever_IsStopped_AndFailsOnlyItsNode()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "runaway-script",
              "nodes": [
                { "id": "spin", "type": "script.js", "inputs": { "script": "while (true) {}", "timeout": "00:00:00.500" }, "onError": "route" },
                { "id": "recover", "type": "log", "inputs": { "message": "{{ nodes.spin.output.type }}" } } ],
              "edges": [{ "id": "e1", "source": "spin", "sourcePort": "error", "target": "recover" }] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs["recover"]!["message"]!.GetValue<string>().ShouldBe(ErrorTypes.Script);
    }

    [Fact]
    public async Task ExpressionThatBuildsAnUnboundedValue_IsStopped_AndFailsOnlyItsNode()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "runaway-expression",
              "nodes": [
                { "id": "huge", "type": "log", "inputs": { "message": "{{ 'x'.repeat(1000000000) }}" }, "onError": "route" },
                { "id": "recover", "type": "log", "inputs": { "message": "{{ nodes.huge.output.type }}" } } ],
              "edges": [{ "id": "e1", "source": "huge", "sourcePort": "error", "target": "recover" }] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Completed);
        snapshot.NodeOutputs["recover"]!["message"]!.GetValue<string>().ShouldBe(ErrorTypes.LimitExceeded);
    }

    [Fact]
    public async Task ExpressionError_FaultsWithTheNodeAndInputNamed()
    {
        await using var engine = await TestEngine.StartAsync();
        var snapshot = await engine.RunAsync("""
            { "id": "bad-expression",
              "nodes": [{ "id": "oops", "type": "log", "inputs": { "message": "{{ input.missing.deeper }}" } }], "edges": [] }
            """);

        snapshot.Status.ShouldBe(InstanceStatus.Faulted);
        snapshot.Error!.Type.ShouldBe(ErrorTypes.Expression);
        snapshot.Error.Message.ShouldContain("message");
        snapshot.Error.Message.ShouldContain("oops");
    }
}
