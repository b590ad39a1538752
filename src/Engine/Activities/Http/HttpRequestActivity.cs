using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities.Http;

/// <summary>
/// <c>http.request</c>: calls an HTTP endpoint and outputs <c>{status, headers, body}</c>. A non-2xx
/// answer fails the attempt (retryable for 408, 429 and 5xx) unless <c>allowFailure</c>; a
/// connection failure or timeout is retryable. On a server only hosts in
/// <see cref="HttpActivityOptions.AllowedHosts"/> may be called.
/// </summary>
[Activity("http.request", DisplayName = "HTTP request", Category = "HTTP",
    Description = "Calls an HTTP endpoint (JSON or text). Non-2xx answers fail the node — 408, 429 and 5xx as retryable HttpError — unless allowFailure is set. On the server the host must be listed in Weft:Http:AllowedHosts.")]
[Output("status", ValueTypes.Integer, Description = "The HTTP status code.")]
[Output("headers", ValueTypes.Object, Description = "Response headers by lower-case name; repeated headers joined with \", \".")]
[Output("body", ValueTypes.Any, Description = "Parsed JSON, text, or null when empty (see responseType).")]
public sealed class HttpRequestActivity : Activity<HttpRequestInputs>
{
    private static readonly string[] ResponseTypes = [HttpResponseBody.Auto, HttpResponseBody.Json, HttpResponseBody.Text];

    protected override async ValueTask<ActivityResult> ExecuteAsync(HttpRequestInputs inputs, ActivityContext context)
    {
        var responseType = inputs.ResponseType.Trim().ToLowerInvariant();
        if (!ResponseTypes.Contains(responseType))
            throw ActivityException.Validation($"Input 'responseType' of node '{context.NodeId}' is '{inputs.ResponseType}'; use one of {string.Join(", ", ResponseTypes)}.");
        if (inputs.Timeout <= TimeSpan.Zero)
            throw ActivityException.Validation($"Input 'timeout' of node '{context.NodeId}' must be positive.");

        var request = HttpRequestContent.From(inputs, context.NodeId);
        var options = context.Services.GetService(typeof(HttpActivityOptions)) as HttpActivityOptions;
        var maxBytes = options?.MaxResponseBytes ?? HttpActivityOptions.DefaultMaxResponseBytes;
        var client = HttpClientSource.Get(context.Services);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(inputs.Timeout);
        try
        {
            using var response = await SendAsync(client, request, options, context, timeout.Token).ConfigureAwait(false);
            var bytes = await HttpResponseBody.ReadAsync(response, maxBytes, context, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            if (!succeeded && !inputs.AllowFailure) throw Failure(response, bytes);

            var output = new JsonObject
            {
                ["status"] = status,
                ["headers"] = Headers(response),
                ["body"] = HttpResponseBody.Parse(bytes, response, responseType, lenient: !succeeded, context.NodeId),
            };
            return ActivityResult.Complete(output);
        }
        catch (OperationCanceledException ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new ActivityException(HttpErrorTypes.ConnectionFailed,
                $"{request.Method} {request.Uri} did not answer within {inputs.Timeout.ToString("c", CultureInfo.InvariantCulture)} (input 'timeout').",
                retryable: true, new JsonObject { ["url"] = request.Uri.ToString() }, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ActivityException(HttpErrorTypes.ConnectionFailed,
                $"{request.Method} {request.Uri} failed: {ex.Message}",
                retryable: true, new JsonObject { ["url"] = request.Uri.ToString() }, ex);
        }
    }

    /// <summary>Sends, following redirects itself so that every hop's host is checked against the allow-list.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestContent request, HttpActivityOptions? options, ActivityContext context, CancellationToken cancellationToken)
    {
        var maxRedirects = options?.MaxRedirects ?? 5;
        for (var hop = 0; ; hop++)
        {
            EnsureAllowed(request.Uri, options);
            using var message = request.CreateMessage();
            var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location || hop >= maxRedirects)
                return response;
            response.Dispose();
            context.Heartbeat();
            request.Redirect(location.IsAbsoluteUri ? location : new Uri(request.Uri, location), status);
        }
    }

    private static void EnsureAllowed(Uri uri, HttpActivityOptions? options)
    {
        // No options registered (the CLI): the person running the workflow is the one calling.
        if (options is null || HostAllowList.Allows(options.AllowedHosts, uri.Host)) return;
        throw new ActivityException(HttpErrorTypes.HostNotAllowed,
            $"http.request may not call host '{uri.Host}': it is not in the setting {HttpActivityOptions.AllowedHostsSetting}. "
            + "List the host there (or \"*.domain\" for its subdomains, \"*\" for any host).",
            retryable: false, new JsonObject { ["host"] = uri.Host, ["setting"] = HttpActivityOptions.AllowedHostsSetting });
    }

    private static ActivityException Failure(HttpResponseMessage response, byte[] bytes)
    {
        var status = (int)response.StatusCode;
        var retryable = status is 408 or 429 or >= 500;
        var excerpt = HttpResponseBody.Excerpt(HttpResponseBody.Decode(bytes, response));
        var message = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {status} {response.ReasonPhrase}"
            + (status is >= 300 and < 400 ? " (a redirect not followed)" : "")
            + (excerpt.Length > 0 ? $": {HttpResponseBody.Excerpt(excerpt, 200)}" : ".");
        return new ActivityException(HttpErrorTypes.HttpError, message, retryable, new JsonObject
        {
            ["status"] = status,
            ["body"] = excerpt,
        });
    }

    private static JsonObject Headers(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        return headers;
    }

}
