namespace Weft.ServiceDefaults.Telemetry;

/// <summary>What the tracer and meter providers listen to. A trailing <c>*</c> is a wildcard.</summary>
public static class TelemetrySources
{
    /// <summary>
    /// ASP.NET Core's server spans, HttpClient's client spans, and every Weft ActivitySource (engine runs, node attempts, …).
    /// </summary>
    public static readonly string[] ActivitySources = ["Microsoft.AspNetCore", "System.Net.Http", "Weft.*"];

    /// <summary>
    /// Request duration and active requests (hosting), connections (Kestrel), client request duration (HttpClient), the
    /// runtime's own GC/thread-pool/memory meter (.NET 9+), and every Weft Meter.
    /// </summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime", "Weft.*",
    ];
}
