using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Http;
using Weft.Engine.Model;

namespace Weft.Engine.Tests.Activities.Http;

public sealed class HttpTriggerActivityTests
{
    [Fact]
    public async Task ExecuteAsync_StartedByRequest_OutputsTheRequest()
    {
        var host = new HttpActivityTestHost
        {
            Trigger = new JsonObject { ["method"] = "POST", ["path"] = "/workflows/echo/ada", ["body"] = new JsonObject { ["x"] = 1 } },
        };

        var result = await new HttpTriggerActivity().ExecuteAsync(host.Context("http.trigger", new JsonObject { ["route"] = "echo/{name}" }));

        JsonNode.DeepEquals(result.Output, host.Trigger).ShouldBeTrue();
        result.Output.ShouldNotBeSameAs(host.Trigger);
        result.Port.ShouldBe(Ports.Done);
    }

    [Fact]
    public async Task ExecuteAsync_StartedOtherwise_OutputsNull()
    {
        var result = await new HttpTriggerActivity().ExecuteAsync(new HttpActivityTestHost().Context("http.trigger", new JsonObject { ["route"] = "x" }));

        result.Output.ShouldBeNull();
    }

    [Fact]
    public void Register_AddsTheThreeActivitiesWithTheirDescriptors()
    {
        var registry = HttpActivities.Register(new ActivityRegistry());

        registry.Descriptors.Select(d => d.Type).ShouldBe(["http.request", "http.respond", "http.trigger"], ignoreOrder: true);
        registry.Descriptors.ShouldAllBe(d => d.Category == "HTTP" && !string.IsNullOrEmpty(d.Description));

        registry.TryGet("http.trigger", out var trigger).ShouldBeTrue();
        trigger!.Descriptor.IsTrigger.ShouldBeTrue();
        var inputs = trigger.Descriptor.Inputs.ToDictionary(i => i.Name);
        inputs["route"].Required.ShouldBeTrue();
        inputs["method"].Default!.GetValue<string>().ShouldBe("POST");
        inputs["method"].Options.ShouldBe(["GET", "POST", "PUT", "PATCH", "DELETE"]);
        inputs["mode"].Default!.GetValue<string>().ShouldBe("sync");
        inputs["timeout"].Default!.GetValue<string>().ShouldBe("00:00:30");
        inputs["timeout"].UiHint.ShouldBe(UiHints.Duration);

        registry.TryGet("http.request", out var request).ShouldBeTrue();
        var requestInputs = request!.Descriptor.Inputs.ToDictionary(i => i.Name);
        requestInputs["url"].Required.ShouldBeTrue();
        requestInputs["method"].Default!.GetValue<string>().ShouldBe("GET");
        requestInputs["responseType"].Options.ShouldBe(["auto", "json", "text"]);
        requestInputs["allowFailure"].Default!.GetValue<bool>().ShouldBeFalse();
        requestInputs["body"].Type.ShouldBe(ValueTypes.Any);
        request.Descriptor.Outputs.Select(o => o.Name).ShouldBe(["status", "headers", "body"]);

        registry.TryGet("http.respond", out var respond).ShouldBeTrue();
        respond!.Descriptor.Inputs.Single(i => i.Name == "status").Default!.GetValue<int>().ShouldBe(200);
    }
}
