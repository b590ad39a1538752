using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Weft.Engine.Telemetry;

namespace Weft.WorkflowServer.Tests.Triggers;

public sealed class TriggerRequestTests
{
    private const string Greeter = """
        { "id": "greeter",
          "nodes": [
            { "id": "trigger", "type": "http.trigger", "inputs": { "route": "greet" } },
            { "id": "respond", "type": "http.respond", "inputs": { "body": { "hello": "{{ input.name }}", "instance": "{{ instance.id }}" } } }
          ],
          "edges": [{ "id": "e1", "source": "trigger", "target": "respond" }] }
        """;

    [Fact]
    public async Task Post_MalformedJson_Answers400AndStartsNothing()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Greeter);

        using var response = await server.Client.PostAsync("workflows/greet", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonObjectAsync())["detail"]!.GetValue<string>().ShouldStartWith("The request body is not valid JSON");
        (await server.CountInstancesAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Post_TextBody_ReachesTheWorkflowAsText()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync("""
            { "id": "text",
              "nodes": [
                { "id": "trigger", "type": "http.trigger", "inputs": { "route": "text" } },
                { "id": "finish", "type": "flow.finish", "inputs": { "output": "{{ trigger.body.toUpperCase() }}" } }
              ],
              "edges": [{ "id": "e1", "source": "trigger", "target": "finish" }] }
            """);

        using var response = await server.Client.PostAsync("workflows/text", new StringContent("plain words", Encoding.UTF8, "text/plain"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("\"PLAIN WORDS\"");
    }

    [Fact]
    public async Task Post_SameIdempotencyKeyTwice_StartsOneInstanceAndAnswersBothFromIt()
    {
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Greeter);

        async Task<HttpResponseMessage> SendAsync(string name)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "workflows/greet") { Content = JsonContent.Create(new { name }) };
            request.Headers.Add("Idempotency-Key", "order-17");
            return await server.Client.SendAsync(request);
        }

        using var first = await SendAsync("ada");
        using var second = await SendAsync("someone else");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.InstanceId().ShouldBe(first.InstanceId());
        (await second.ReadJsonObjectAsync())["hello"]!.GetValue<string>().ShouldBe("ada");
        (await server.CountInstancesAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Post_WithTraceparent_WorkflowSpanContinuesTheCallersTrace()
    {
        var workflowSpans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WeftTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => workflowSpans.Add(activity),
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TriggerTestServer.StartAsync();
        await server.PublishAsync(Greeter);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "workflows/greet") { Content = JsonContent.Create(new { name = "trace" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await server.Client.SendAsync(request);
        var instanceId = response.InstanceId();
        await server.WaitForEndAsync(instanceId);

        var run = workflowSpans.Single(a => a.OperationName.StartsWith("workflow ", StringComparison.Ordinal)
            && (string?)a.GetTagItem(WeftTelemetry.InstanceId) == instanceId);
        run.TraceId.ShouldBe(traceId);
    }
}
