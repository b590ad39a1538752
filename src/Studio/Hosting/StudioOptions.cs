namespace Weft.Studio.Hosting;

/// <summary>
/// Studio's settings, bound from <c>Weft:Studio</c>. docs/studio.md lists them with their defaults.
/// </summary>
public sealed class StudioOptions
{
    public const string Section = "Weft:Studio";

    /// <summary>
    /// The workflow server that <c>/api/**</c> is forwarded to. Default: <c>http://127.0.0.1:5080</c>. An Aspire-style
    /// <c>services:workflowserver:http:0</c> (environment <c>services__workflowserver__http__0</c>) wins over it, so that
    /// the AppHost can hand over the address it allocated.
    /// </summary>
    public Uri ServerUrl { get; set; } = new("http://127.0.0.1:5080");

    /// <summary>
    /// Sent as <c>X-Api-Key</c> on every forwarded request (replacing any the browser sent), so the browser holds no key.
    /// Default: none — fine for a server in Development, which checks no key.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How long to wait for a TCP connection to the server before answering 502. Default: 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The folder holding the built single-page app (index.html and assets). Default: none, which means
    /// <c>&lt;ContentRoot&gt;/ClientApp/dist</c> when it exists (<c>dotnet run --project src/Studio</c>), else the
    /// <c>studio-app</c> folder next to the assembly (where the build copies it).
    /// </summary>
    public string? ClientAppPath { get; set; }
}
