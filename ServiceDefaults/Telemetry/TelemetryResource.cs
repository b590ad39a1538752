using Microsoft.Extensions.Configuration;
using OpenTelemetry.Resources;

namespace Weft.ServiceDefaults.Telemetry;

/// <summary>
/// Who is reporting: <c>service.name</c> from OTEL_SERVICE_NAME, else a <c>service.name</c> in OTEL_RESOURCE_ATTRIBUTES, else
/// the application name; the other OTEL_RESOURCE_ATTRIBUTES (<c>key=value,key2=value2</c>, values percent-encoded — Aspire
/// passes <c>service.instance.id</c> this way) as they are; a generated <c>service.instance.id</c> when none is given.
/// </summary>
internal static class TelemetryResource
{
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string ResourceAttributesKey = "OTEL_RESOURCE_ATTRIBUTES";

    public static ResourceBuilder Create(IConfiguration configuration, string applicationName)
    {
        var attributes = ParseAttributes(configuration[ResourceAttributesKey]);
        attributes.Remove("service.name", out var attributeServiceName);
        var serviceName = configuration[ServiceNameKey] is { Length: > 0 } configured ? configured
            : attributeServiceName as string ?? applicationName;

        return ResourceBuilder.CreateEmpty()
            .AddService(serviceName, autoGenerateServiceInstanceId: !attributes.ContainsKey("service.instance.id"))
            .AddTelemetrySdk()
            .AddAttributes(attributes);
    }

    internal static Dictionary<string, object> ParseAttributes(string? text)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return attributes;
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue; // malformed entries are skipped, as the SDK does
            var key = pair[..equals].Trim();
            var value = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            attributes[key] = value;
        }
        return attributes;
    }
}
