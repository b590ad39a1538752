using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Tests.Model;

public class WorkflowBuilderTests
{
    [Fact]
    public void Build_DocumentIngestion_SerializesToTheEquivalentHandWrittenDocument()
    {
        var definition = Workflow.Create("document-ingestion", version: 1)
            .Named("Document ingestion").Describe("Load, chunk, embed and store a document.")
            .Input("documentId", ValueTypes.String, required: true)
            .Input("size", ValueTypes.Integer, defaultValue: 800, description: "Chunk size")
            .Variable("chunks", ValueTypes.Array, new JsonArray())
            .ExecutionTimeout(TimeSpan.FromMinutes(10))
            .Queue("ingest").Idempotency(IdempotencyMode.Fail).MaxParallelism(4)
            .Node("load", "document.load", n => n
                .Named("Load document")
                .Input("documentId", "{{ input.documentId }}")
                .Retry(maxAttempts: 3, initialInterval: TimeSpan.FromSeconds(1), nonRetryable: ["ValidationError"])
                .Timeout(TimeSpan.FromMinutes(1))
                .HeartbeatTimeout(TimeSpan.FromSeconds(30))
                .At(0, 80))
            .Node("chunk", "text.chunk", n => n
                .Input("text", "{{ nodes.load.output.text }}")
                .Input("size", 800)
                .Input("trim", true)
                .Input("ratio", 0.25)
                .Input("meta", new JsonObject { ["source"] = "upload", ["tags"] = new JsonArray("a", "b") })
                .OnError(OnErrorBehavior.Route))
            .Node("embed", "flow.foreach", n => n
                .Input("items", "{{ nodes.chunk.output }}")
                .Join(JoinMode.Any)
                .Body(b => b
                    .Node("vector", "ai.embed", v => v.Input("text", "{{ item.text }}"))
                    .Node("store", "vector.upsert")
                    .Edge("vector", "store")))
            .Node("report", "log")
            .Edge("load", "chunk")
            .Edge("chunk", "embed")
            .Edge("chunk", "report", port: "error", id: "on-error")
            .Build();

        var expected = JsonNode.Parse("""
        {
          "id": "document-ingestion", "version": 1, "name": "Document ingestion",
          "description": "Load, chunk, embed and store a document.",
          "inputs": [
            { "name": "documentId", "type": "string", "required": true },
            { "name": "size", "type": "integer", "required": false, "default": 800, "description": "Chunk size" }
          ],
          "variables": [{ "name": "chunks", "type": "array", "default": [] }],
          "options": { "executionTimeout": "00:10:00", "queue": "ingest", "idempotency": "fail", "maxParallelism": 4, "durability": "durable" },
          "nodes": [
            { "id": "load", "type": "document.load", "name": "Load document",
              "inputs": { "documentId": "{{ input.documentId }}" },
              "retry": { "maxAttempts": 3, "initialInterval": "00:00:01", "backoff": 2, "maxInterval": "00:01:00", "nonRetryable": ["ValidationError"] },
              "timeout": "00:01:00", "heartbeatTimeout": "00:00:30", "onError": "fail", "join": "all",
              "position": { "x": 0, "y": 80 } },
            { "id": "chunk", "type": "text.chunk",
              "inputs": { "text": "{{ nodes.load.output.text }}", "size": 800, "trim": true, "ratio": 0.25,
                          "meta": { "source": "upload", "tags": ["a", "b"] } },
              "onError": "route", "join": "all" },
            { "id": "embed", "type": "flow.foreach", "inputs": { "items": "{{ nodes.chunk.output }}" },
              "onError": "fail", "join": "any",
              "body": {
                "nodes": [
                  { "id": "vector", "type": "ai.embed", "inputs": { "text": "{{ item.text }}" }, "onError": "fail", "join": "all" },
                  { "id": "store", "type": "vector.upsert", "inputs": {}, "onError": "fail", "join": "all" }
                ],
                "edges": [{ "id": "e3", "source": "vector", "sourcePort": "done", "target": "store" }]
              } },
            { "id": "report", "type": "log", "inputs": {}, "onError": "fail", "join": "all" }
          ],
          "edges": [
            { "id": "e1", "source": "load", "sourcePort": "done", "target": "chunk" },
            { "id": "e2", "source": "chunk", "sourcePort": "done", "target": "embed" },
            { "id": "on-error", "source": "chunk", "sourcePort": "error", "target": "report" }
          ]
        }
        """);

        var actual = JsonNode.Parse(WeftJson.Serialize(definition));
        JsonNode.DeepEquals(actual, expected).ShouldBeTrue(actual!.ToJsonString());
    }

    [Fact]
    public void Build_GeneratedEdgeIds_SkipIdsGivenExplicitly()
    {
        var definition = Workflow.Create("wf")
            .Edge("a", "b", id: "e2")
            .Edge("b", "c")
            .Edge("c", "d")
            .Edge("d", "e", id: "e1")
            .Build();

        definition.Edges.Select(e => e.Id).ShouldBe(["e2", "e3", "e4", "e1"]);
    }

    [Fact]
    public void Build_EdgesOfBodies_AreNumberedAfterTheTopLevelAndUniqueAcrossTheWorkflow()
    {
        var definition = Workflow.Create("wf")
            .Node("outer", "flow.foreach", n => n.Body(b => b.Sequence("x", "y", "z")))
            .Node("after", "log")
            .Edge("outer", "after")
            .Build();

        definition.Edges.ShouldHaveSingleItem().Id.ShouldBe("e1");
        var body = definition.Nodes[0].Body.ShouldNotBeNull();
        body.Edges.Select(e => (e.Id, e.Source, e.SourcePort, e.Target)).ShouldBe([("e2", "x", Ports.Done, "y"), ("e3", "y", Ports.Done, "z")]);
    }

    [Fact]
    public void Sequence_ChainsEveryNodeToTheNextOnTheDonePort()
    {
        var definition = Workflow.Create("wf").Sequence("a", "b", "c", "d").Build();

        definition.Edges.Select(e => $"{e.Source}-{e.SourcePort}->{e.Target}").ShouldBe(["a-done->b", "b-done->c", "c-done->d"]);
    }

    [Fact]
    public void Sequence_OfOneNode_Throws()
    {
        Should.Throw<ArgumentException>(() => Workflow.Create("wf").Sequence("a"));
    }

    [Fact]
    public void Node_IdAlreadyUsedAtTopLevel_ThrowsInvalidOperation()
    {
        var builder = Workflow.Create("wf").Node("a", "log");

        Should.Throw<InvalidOperationException>(() => builder.Node("a", "log")).Message.ShouldContain("'a'");
    }

    [Fact]
    public void Node_IdAlreadyUsedInsideABody_ThrowsInvalidOperation()
    {
        var builder = Workflow.Create("wf").Node("loop", "flow.foreach", n => n.Body(b => b.Node("inner", "log")));

        Should.Throw<InvalidOperationException>(() => builder.Node("inner", "log"));
    }

    [Fact]
    public void Edge_ExplicitIdUsedTwice_ThrowsInvalidOperation()
    {
        var builder = Workflow.Create("wf").Edge("a", "b", id: "x");

        Should.Throw<InvalidOperationException>(() => builder.Node("loop", "flow.foreach", n => n.Body(b => b.Edge("c", "d", id: "x"))));
    }

    [Fact]
    public void Input_DeclaredTwice_ThrowsInvalidOperation()
    {
        var builder = Workflow.Create("wf").Input("a");

        Should.Throw<InvalidOperationException>(() => builder.Input("a", ValueTypes.String));
    }

    [Fact]
    public void Build_CalledTwice_ReturnsIndependentDefinitions()
    {
        var builder = Workflow.Create("wf")
            .Variable("list", ValueTypes.Array, new JsonArray(1))
            .Node("a", "log", n => n.Input("data", new JsonObject { ["k"] = 1 }).Retry(maxAttempts: 2));
        var first = builder.Build();

        first.Nodes[0].Inputs["data"]!["k"] = 99;
        first.Nodes[0].Retry!.MaxAttempts = 7;
        first.Variables[0].Default!.AsArray().Add(2);
        builder.Node("b", "log").Edge("a", "b");
        var second = builder.Build();

        second.Nodes[0].Inputs["data"]!["k"]!.GetValue<int>().ShouldBe(1);
        second.Nodes[0].Retry!.MaxAttempts.ShouldBe(2);
        second.Variables[0].Default!.AsArray().Count.ShouldBe(1);
        first.Nodes.Count.ShouldBe(1);
        second.Nodes.Count.ShouldBe(2);
    }

    [Fact]
    public void Input_NodeThatBelongsToAnotherTree_IsCopiedNotMoved()
    {
        var document = new JsonObject { ["shared"] = new JsonObject { ["k"] = "v" } };

        var definition = Workflow.Create("wf").Node("a", "log", n => n.Input("data", document["shared"])).Build();

        definition.Nodes[0].Inputs["data"]!["k"]!.GetValue<string>().ShouldBe("v");
        document["shared"].ShouldNotBeNull();
    }

    [Fact]
    public void Retry_WithPolicyObject_KeepsEveryFieldAndCopiesIt()
    {
        var policy = new RetryPolicy { MaxAttempts = 5, InitialInterval = TimeSpan.FromSeconds(2), Backoff = 3, MaxInterval = TimeSpan.FromMinutes(5), NonRetryable = ["Auth"] };

        var definition = Workflow.Create("wf").Node("a", "log", n => n.Retry(policy)).Build();
        policy.NonRetryable.Add("Later");

        var retry = definition.Nodes[0].Retry.ShouldNotBeNull();
        (retry.MaxAttempts, retry.InitialInterval, retry.Backoff, retry.MaxInterval).ShouldBe((5, TimeSpan.FromSeconds(2), 3.0, TimeSpan.FromMinutes(5)));
        retry.NonRetryable.ShouldBe(["Auth"]);
    }
}
