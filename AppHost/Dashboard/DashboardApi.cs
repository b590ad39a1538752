using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.AppHost.Otlp;

namespace Weft.AppHost.Dashboard;

/// <summary>The JSON API under /api that the dashboard pages use (documented in docs/dashboard.md).</summary>
internal static class DashboardApi
{
    private const int DefaultLimit = 200;
    private const int MaxLimit = 2000;

    public static void MapDashboardApi(this WebApplication app, IResourceCatalog resources, TelemetryStore telemetry)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/resources", () => resources.GetResources());
        api.MapGet("/resources/stream", (HttpContext context) => DashboardStreams.ResourcesAsync(context, resources));
        api.MapPost("/resources/{name}/commands/{command}", async (string name, string command, CancellationToken ct) =>
        {
            if (!Enum.TryParse<ResourceCommand>(command, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return Results.Problem(statusCode: 400, title: "Unknown command", detail: "command: must be start, stop or restart.");
            if (!Exists(resources, name))
                return Results.Problem(statusCode: 404, title: "Unknown resource", detail: $"name: no resource '{name}'.");
            var done = await resources.ExecuteAsync(name, parsed, ct);
            return done
                ? Results.Ok(new { resource = name, command = parsed.ToString().ToLowerInvariant() })
                : Results.Problem(statusCode: 409, title: "Command not applicable", detail: $"command: {command} does not apply to '{name}' now.");
        });

        api.MapGet("/console/{resource}", (string resource, long? after, int? max) =>
            Exists(resources, resource)
                ? Results.Ok(resources.GetConsole(resource, after ?? 0, Math.Clamp(max ?? 1000, 1, 10_000)))
                : Results.Problem(statusCode: 404, title: "Unknown resource", detail: $"resource: no resource '{resource}'."));
        api.MapGet("/console/{resource}/stream", (HttpContext context, string resource, long? after) =>
            Exists(resources, resource)
                ? DashboardStreams.ConsoleAsync(context, resources, resource, after ?? 0)
                : Results.Problem(statusCode: 404, title: "Unknown resource", detail: $"resource: no resource '{resource}'.").ExecuteAsync(context));
        api.MapGet("/console/{resource}/download", (string resource) =>
            Exists(resources, resource)
                ? Results.File(Encoding.UTF8.GetBytes(ConsoleText(resources, resource)), "text/plain; charset=utf-8", $"{resource}-console.txt")
                : Results.Problem(statusCode: 404, title: "Unknown resource", detail: $"resource: no resource '{resource}'."));

        api.MapGet("/telemetry/resources", () => TelemetryQueries.ResourceNames(telemetry));
        api.MapGet("/retention", () => telemetry.Counts());
        api.MapGet("/logs", (string? resource, string? level, string? text, int? limit) =>
            Results.Ok(TelemetryQueries.Logs(telemetry, resource, level, text, Limit(limit))));
        api.MapGet("/traces", (string? resource, string? name, string? minDurationMs, string? status, int? limit) =>
        {
            double? minimum = null;
            if (!string.IsNullOrEmpty(minDurationMs))
            {
                if (!double.TryParse(minDurationMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed < 0)
                    return Results.Problem(statusCode: 400, title: "Invalid filter", detail: "minDurationMs: must be a non-negative number of milliseconds.");
                minimum = parsed;
            }
            if (!string.IsNullOrEmpty(status) && status is not ("ok" or "error"))
                return Results.Problem(statusCode: 400, title: "Invalid filter", detail: "status: must be 'ok' or 'error'.");
            return Results.Ok(TelemetryQueries.Traces(telemetry, resource, name, minimum, status, Limit(limit)));
        });
        api.MapGet("/traces/{traceId}", (string traceId) =>
            TelemetryQueries.Trace(telemetry, traceId) is { } trace
                ? Results.Ok(trace)
                : Results.Problem(statusCode: 404, title: "Unknown trace", detail: $"traceId: no spans of trace '{traceId}' are kept."));
        api.MapGet("/metrics", (string? resource) => TelemetryQueries.Instruments(telemetry, resource));
        api.MapGet("/metrics/series", (string? resource, string? name) =>
            string.IsNullOrEmpty(resource) || string.IsNullOrEmpty(name)
                ? Results.Problem(statusCode: 400, title: "Missing parameter", detail: $"{(string.IsNullOrEmpty(resource) ? "resource" : "name")}: required.")
                : Results.Ok(TelemetryQueries.Series(telemetry, resource, name)));
    }

    private static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    private static bool Exists(IResourceCatalog resources, string name) =>
        resources.GetResources().Any(r => r.Name == name);

    /// <summary>All console lines the catalog still holds, one per line: timestamp, stream, text.</summary>
    private static string ConsoleText(IResourceCatalog resources, string resource)
    {
        var text = new StringBuilder();
        long after = 0;
        while (true)
        {
            var page = resources.GetConsole(resource, after, 1000);
            foreach (var line in page)
                text.Append(line.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture))
                    .Append(line.IsError ? " ERR " : " OUT ").Append(line.Text).Append('\n');
            if (page.Count == 0) return text.ToString();
            after = page[^1].Sequence;
        }
    }
}
