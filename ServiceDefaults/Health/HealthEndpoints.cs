namespace Weft.ServiceDefaults.Health;

/// <summary>The probe paths MapDefaultEndpoints maps and telemetry leaves out (probes every few seconds are noise).</summary>
public static class HealthEndpoints
{
    /// <summary>Readiness: every registered check, including those tagged <see cref="ReadyTag"/>; 503 when one fails.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only the checks tagged <see cref="LiveTag"/> — the process answers.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Tag a check with this when it must pass before the service takes traffic (a database, a queue).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag a check with this when its failure means the process should be restarted.</summary>
    public const string LiveTag = "live";

    public static bool IsProbePath(string? path) =>
        path is not null &&
        (IsPath(path, HealthPath) || IsPath(path, AlivePath));

    private static bool IsPath(string path, string probe) =>
        path.StartsWith(probe, StringComparison.OrdinalIgnoreCase) &&
        (path.Length == probe.Length || (path.Length == probe.Length + 1 && path[^1] == '/'));
}
