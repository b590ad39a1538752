namespace Weft.Studio.Forwarding;

/// <summary>
/// Which headers cross the forwarder. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never copied;
/// Host is the server's own; the API key is always the one Studio is configured with, never one a browser sent.
/// </summary>
internal static class ForwardedHeaders
{
    public const string ApiKey = "X-Api-Key";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    public static bool CopyToServer(string name) =>
        !HopByHop.Contains(name) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals(ApiKey, StringComparison.OrdinalIgnoreCase);

    public static bool CopyToBrowser(string name) => !HopByHop.Contains(name);
}
