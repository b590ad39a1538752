namespace Weft.ServiceDefaults.Telemetry;

/// <summary>OpenTelemetry HTTP semantic-convention attribute names used here.</summary>
internal static class SemanticTags
{
    public const string HttpRequestMethod = "http.request.method";
    public const string HttpResponseStatusCode = "http.response.status_code";
    public const string HttpRoute = "http.route";
    public const string UrlPath = "url.path";
    public const string UrlScheme = "url.scheme";
    public const string UrlFull = "url.full";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
}
