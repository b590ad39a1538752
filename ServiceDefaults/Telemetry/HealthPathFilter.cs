using System.Diagnostics;
using OpenTelemetry;
using Weft.ServiceDefaults.Health;

namespace Weft.ServiceDefaults.Telemetry;

/// <summary>
/// Wraps the export processor and drops health-probe spans at <see cref="OnEnd"/>: server spans for /health and /alive, client
/// spans calling them, and anything started inside such a request. The decision waits until the span ends because ASP.NET
/// Core's activity gets its path tag only after it has started (see <see cref="ServerSpanEnricher"/>). Being a
/// <see cref="CompositeProcessor{T}"/> keeps the SDK wiring (the provider's resource reaching the exporter) intact.
/// </summary>
internal sealed class HealthPathFilter(BaseProcessor<Activity> inner) : CompositeProcessor<Activity>([inner])
{
    public override void OnEnd(Activity data)
    {
        if (!IsHealthProbe(data)) base.OnEnd(data);
    }

    /// <summary>True for a probe span or one started (in this process) under a probe span.</summary>
    public static bool IsHealthProbe(Activity activity)
    {
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (IsProbeSpan(current)) return true;
        }
        return false;
    }

    private static bool IsProbeSpan(Activity activity) => activity.Kind switch
    {
        ActivityKind.Server => HealthEndpoints.IsProbePath(activity.GetTagItem(SemanticTags.UrlPath) as string),
        // The substring test spares parsing the URL of every other client span.
        ActivityKind.Client => activity.GetTagItem(SemanticTags.UrlFull) is string url &&
            (url.Contains(HealthEndpoints.HealthPath, StringComparison.OrdinalIgnoreCase) ||
             url.Contains(HealthEndpoints.AlivePath, StringComparison.OrdinalIgnoreCase)) &&
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && HealthEndpoints.IsProbePath(uri.AbsolutePath),
        _ => false,
    };
}
