using Weft.AppHost.Hosting;

namespace Weft.AppHost.Supervisor;

/// <summary>
/// The environment a replica starts with, the Aspire way: its URL (<c>ASPNETCORE_URLS</c> for projects, <c>PORT</c> for
/// executables), the environment name, OpenTelemetry settings (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>
/// and, with a dashboard, the OTLP endpoint, protocol and key header), then what each referenced resource hands out
/// (<c>services__name__http__i</c>, <c>ConnectionStrings__name</c>…), then the resource's own <c>WithEnvironment</c>
/// values. Later entries win. Everything else is inherited from the AppHost.
/// </summary>
internal static class ProcessEnvironment
{
    public static Dictionary<string, string> For(ProcessResource resource, ReplicaContext replica, SupervisorContext context)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resource is ProjectResource)
        {
            if (replica.Endpoint is { } url)
                environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
            environment["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName;
            environment["DOTNET_ENVIRONMENT"] = context.EnvironmentName;
        }
        else if (replica.Endpoint is { } url)
        {
            environment["PORT"] = url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        environment["OTEL_SERVICE_NAME"] = resource.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replica.ReplicaName}";
        if (context.Telemetry is { } telemetry)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = telemetry.OtlpEndpoint.ToString().TrimEnd('/');
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={telemetry.ApiKey}";
            // Export within a second (as Aspire does in development): the dashboard is for watching the app live.
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }

        foreach (var reference in resource.References)
        {
            foreach (var (name, value) in reference.GetReferenceEnvironment())
                environment[name] = value;
        }

        foreach (var (name, value) in resource.Environment)
            environment[name] = value(replica);
        return environment;
    }
}
