using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Weft.WorkflowServer.Api;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Turns every exception into Problem Details: the API's own refusals with their status and field, bad
/// requests Kestrel detects (an oversized body → 413) with their status, anything else as a 500 that
/// says nothing about the inside — the log has the exception, the response only its trace id.
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems,
    IOptionsMonitor<WorkflowServerOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The client went away: there is nobody to answer.
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested) return true;

        var problem = new ProblemDetails();
        switch (exception)
        {
            case ApiProblemException refused:
                problem.Status = refused.Status;
                problem.Detail = refused.Message;
                if (refused.Field is not null) problem.Extensions["field"] = refused.Field;
                foreach (var (name, value) in refused.Extensions) problem.Extensions[name] = value;
                break;
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                problem.Status = bad.StatusCode;
                problem.Detail = $"The request body is larger than this server accepts ({options.CurrentValue.MaxRequestBodyBytes} bytes; Weft:MaxRequestBodyBytes).";
                problem.Extensions["field"] = "$";
                break;
            case OperationCanceledException when lifetime.ApplicationStopping.IsCancellationRequested:
                problem.Status = StatusCodes.Status503ServiceUnavailable;
                problem.Detail = "The server is stopping; try again in a moment.";
                break;
            case BadHttpRequestException bad:
                problem.Status = bad.StatusCode;
                problem.Detail = bad.Message;
                break;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem.Status = StatusCodes.Status500InternalServerError;
                problem.Detail = "An unexpected error occurred. The server log has the details; quote the traceId.";
                break;
        }
        httpContext.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
