using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Weft.ServiceDefaults.Telemetry;

/// <summary>
/// Gives ASP.NET Core's server span what the (absent here) instrumentation package would: method, path, scheme, host and port
/// when the request starts; route, status code and the span name <c>GET /api/items/{id}</c> when it ends; error status for 5xx
/// and exceptions. Out of the box the span is named <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c> and carries no tags.
/// Runs first in the pipeline, as a startup filter, so that it sees every request and the final status.
/// </summary>
internal sealed class ServerSpanEnricher : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(EnrichAsync);
        next(app);
    };

    private static async Task EnrichAsync(HttpContext context, RequestDelegate next)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        activity.SetTag(SemanticTags.HttpRequestMethod, request.Method);
        activity.SetTag(SemanticTags.UrlPath, request.Path.Value is { Length: > 0 } path ? path : "/");
        activity.SetTag(SemanticTags.UrlScheme, request.Scheme);
        activity.SetTag(SemanticTags.ServerAddress, request.Host.Host);
        if (request.Host.Port is { } port) activity.SetTag(SemanticTags.ServerPort, port);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity.SetTag(SemanticTags.ErrorType, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            Complete(activity, context, StatusCodes.Status500InternalServerError);
            throw;
        }
        Complete(activity, context, context.Response.StatusCode);
    }

    private static void Complete(Activity activity, HttpContext context, int statusCode)
    {
        activity.SetTag(SemanticTags.HttpResponseStatusCode, statusCode);
        if (statusCode >= 500)
        {
            activity.SetTag(SemanticTags.ErrorType, activity.GetTagItem(SemanticTags.ErrorType) ?? statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
        // The route template, never the raw path, names the span: paths carry ids and would explode cardinality.
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (route is not null)
        {
            if (!route.StartsWith('/')) route = "/" + route;
            activity.SetTag(SemanticTags.HttpRoute, route);
            activity.DisplayName = $"{context.Request.Method} {route}";
        }
        else
        {
            activity.DisplayName = context.Request.Method;
        }
    }
}
