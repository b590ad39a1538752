using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using Weft.ServiceDefaults.Resilience;
using Weft.ServiceDefaults.Telemetry;

namespace Weft.ServiceDefaults.Tests;

/// <summary>The pure parts: configuration parsing and header arithmetic.</summary>
public sealed class SettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).Build();

    [Fact]
    public void OtlpSettings_NoEndpoint_IsDisabled() =>
        OtlpSettings.From(Config()).Enabled.ShouldBeFalse();

    [Fact]
    public void OtlpSettings_Endpoint_DefaultsToHttpProtobufWithSignalPaths()
    {
        var settings = OtlpSettings.From(Config(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/otlp/")));

        settings.Protocol.ShouldBe(OtlpExportProtocol.HttpProtobuf);
        settings.ForSignal("v1/traces").Endpoint.ShouldBe(new Uri("http://collector:4318/otlp/v1/traces"));
    }

    [Fact]
    public void OtlpSettings_Grpc_UsesTheEndpointAsItIs()
    {
        var settings = OtlpSettings.From(Config(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")));

        settings.ForSignal("v1/traces").Endpoint.ShouldBe(new Uri("http://collector:4317"));
        settings.ForSignal("v1/traces").Protocol.ShouldBe(OtlpExportProtocol.Grpc);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "/var/otlp")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    public void OtlpSettings_InvalidValue_FailsWithTheKeyNamed(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318", [key] = value };
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        Should.Throw<InvalidOperationException>(() => OtlpSettings.From(config)).Message.ShouldContain(key);
    }

    [Fact]
    public void TelemetryResource_ServiceNameAndAttributes_AreApplied()
    {
        var resource = TelemetryResource.Create(Config(
            ("OTEL_SERVICE_NAME", "workflow-server"),
            ("OTEL_RESOURCE_ATTRIBUTES", "service.name=ignored, service.instance.id=replica-2,deployment.environment.name=dev%20box,broken")),
            "app").Build();
        var attributes = resource.Attributes.ToDictionary(a => a.Key, a => a.Value);

        attributes["service.name"].ShouldBe("workflow-server");
        attributes["service.instance.id"].ShouldBe("replica-2");
        attributes["deployment.environment.name"].ShouldBe("dev box");
        attributes.ShouldNotContainKey("broken");
    }

    [Fact]
    public void TelemetryResource_NoServiceName_FallsBackToTheApplicationName()
    {
        var attributes = TelemetryResource.Create(Config(), "Weft.WorkflowServer").Build().Attributes.ToDictionary(a => a.Key, a => a.Value);

        attributes["service.name"].ShouldBe("Weft.WorkflowServer");
        attributes.ShouldContainKey("service.instance.id"); // generated
    }

    [Theory]
    [InlineData(2, 5, 2)]
    [InlineData(60, 5, 5)]
    public void RetryAfter_DeltaSeconds_IsBoundedByTheCap(int seconds, int capSeconds, int expectedSeconds)
    {
        using var response = new HttpResponseMessage { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds)) } };

        RetryAfter.Delay(response, TimeSpan.FromSeconds(capSeconds), TimeProvider.System).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public void RetryAfter_Date_IsTheTimeUntilThen()
    {
        var now = DateTimeOffset.UtcNow;
        using var response = new HttpResponseMessage { Headers = { RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(30)) } };

        var delay = RetryAfter.Delay(response, TimeSpan.FromMinutes(1), TimeProvider.System);

        delay.ShouldNotBeNull();
        delay.Value.ShouldBeInRange(TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void RetryAfter_NoHeader_IsNull()
    {
        using var response = new HttpResponseMessage();

        RetryAfter.Delay(response, TimeSpan.FromSeconds(5), TimeProvider.System).ShouldBeNull();
    }
}
