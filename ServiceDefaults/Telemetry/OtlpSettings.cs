using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Weft.ServiceDefaults.Telemetry;

/// <summary>
/// Where and how to export, read from configuration keys named like the OpenTelemetry environment variables (so both
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT=...</c> in the environment and the same key in appsettings work).
/// </summary>
internal sealed record OtlpSettings(Uri? Endpoint, OtlpExportProtocol Protocol, string? Headers, int MetricExportIntervalMilliseconds)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string HeadersKey = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string MetricExportIntervalKey = "OTEL_METRIC_EXPORT_INTERVAL";

    /// <summary>Nothing is exported without an endpoint.</summary>
    public bool Enabled => Endpoint is not null;

    public static OtlpSettings From(IConfiguration configuration)
    {
        Uri? endpoint = null;
        if (configuration[EndpointKey] is { Length: > 0 } endpointText &&
            (!Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
            throw new InvalidOperationException($"{EndpointKey} is not an absolute http(s) URL: '{endpointText}'.");

        // http/protobuf unless told otherwise (the SDK's own default is grpc): our receiver only speaks OTLP/HTTP.
        var protocol = configuration[ProtocolKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            var other => throw new InvalidOperationException($"{ProtocolKey} '{other}' is not supported; use http/protobuf or grpc."),
        };

        // The spec's default is 60 s; Aspire sets 1 s in development so the dashboard moves.
        var interval = int.TryParse(configuration[MetricExportIntervalKey], out var ms) && ms > 0 ? ms : 60_000;
        return new OtlpSettings(endpoint, protocol, configuration[HeadersKey], interval);
    }

    /// <summary>
    /// Exporter options for one signal. With OTLP/HTTP the signal's path (<c>v1/traces</c>, <c>v1/metrics</c>, <c>v1/logs</c>)
    /// is appended to the base endpoint, as the spec does for OTEL_EXPORTER_OTLP_ENDPOINT — the SDK skips that when the
    /// endpoint is set in code, so it is done here. gRPC takes the endpoint as it is.
    /// </summary>
    public OtlpExporterOptions ForSignal(string signalPath)
    {
        if (Endpoint is null) throw new InvalidOperationException($"{EndpointKey} is not set.");
        var options = new OtlpExporterOptions
        {
            Protocol = Protocol,
            Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : Endpoint,
        };
        if (!string.IsNullOrWhiteSpace(Headers)) options.Headers = Headers;
        return options;
    }
}
