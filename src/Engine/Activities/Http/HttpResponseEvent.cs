namespace Weft.Engine.Activities.Http;

/// <summary>
/// The live event <c>http.respond</c> publishes; a sync trigger answers its caller from the first
/// one. Data: <c>{status, headers, body, contentType}</c>.
/// </summary>
public static class HttpResponseEvent
{
    public const string Type = "http.response";
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string TextContentType = "text/plain; charset=utf-8";
}
