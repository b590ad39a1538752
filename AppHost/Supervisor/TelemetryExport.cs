namespace Weft.AppHost.Supervisor;

/// <summary>Where children send OpenTelemetry (the dashboard's OTLP/HTTP receiver) and the key it requires.</summary>
public sealed record TelemetryExport(Uri OtlpEndpoint, string ApiKey);
