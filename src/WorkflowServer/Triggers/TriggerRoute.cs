using Microsoft.AspNetCore.Routing.Template;
using Weft.Engine.Expressions;
using Weft.Engine.Model;

namespace Weft.WorkflowServer.Triggers;

/// <summary>One <c>http.trigger</c> node of a published definition, compiled for matching.</summary>
internal sealed record TriggerRoute
{
    public required string DefinitionId { get; init; }
    public required int Version { get; init; }
    public required string NodeId { get; init; }

    /// <summary>Upper case: GET, POST, PUT, PATCH or DELETE.</summary>
    public required string Method { get; init; }

    /// <summary>The template as written, without surrounding slashes (<c>orders/{id}</c>).</summary>
    public required string Template { get; init; }

    /// <summary>The template's shape with parameter names left out: two routes with the same shape and method conflict.</summary>
    public required string Shape { get; init; }

    public required TemplateMatcher Matcher { get; init; }
    public required IReadOnlyDictionary<string, IRouteConstraint> Constraints { get; init; }

    /// <summary>ASP.NET Core's inbound precedence: lower is more specific and is tried first.</summary>
    public required decimal Precedence { get; init; }

    public required bool IsAsync { get; init; }
    public required TimeSpan Timeout { get; init; }

    /// <summary>
    /// The trigger's <c>idempotencyKey</c> template (e.g. <c>{{ input.requestId }}</c>), evaluated per request
    /// against <c>trigger</c> and <c>input</c>; null when the trigger has none. An <c>Idempotency-Key</c> header wins.
    /// </summary>
    public CompiledTemplate? IdempotencyKey { get; init; }

    /// <summary>The definition's declared inputs, to convert route and query text to their types.</summary>
    public required IReadOnlyList<WorkflowInput> Inputs { get; init; }

    /// <summary>When the definition was last published (or updated), as the store reports it; the newest wins a conflict.</summary>
    public DateTimeOffset PublishedAt { get; init; }

    public string Display => $"{Method} /workflows/{Template}";
}
