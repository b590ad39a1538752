using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Model;
using Weft.Engine.Storage;
using Weft.Engine.Validation;

namespace Weft.WorkflowServer.Api;

/// <summary>Validate, publish and unpublish: publishing is where a definition must be valid.</summary>
internal static partial class DefinitionEndpoints
{
    private static void MapPublishing(RouteGroupBuilder group)
    {
        group.MapPost("/validate", ValidateAsync).WithSummary("Validates a definition without saving it: {valid, errors}.")
            .Accepts<WorkflowDefinition>("application/json").Produces<ValidationResponse>();
        group.MapPost("/{id}/publish", PublishAsync).WithSummary("Publishes a version (default: the latest) after validating it.")
            .Produces<PublishResponse>();
        group.MapPost("/{id}/unpublish", UnpublishAsync).WithSummary("Unpublishes: starts without a version and triggers stop.")
            .Produces<PublishResponse>();
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, WorkflowValidator validator, CancellationToken cancellationToken)
    {
        var text = (await JsonBody.ReadTextAsync(request, required: true, cancellationToken).ConfigureAwait(false))!;
        var result = validator.Validate(ParseDefinition(text));
        return TypedResults.Ok(new ValidationResponse(result.IsValid, result.Errors));
    }

    private static async Task<IResult> PublishAsync(
        string id, HttpContext context, IWorkflowStore store, WorkflowValidator validator, CancellationToken cancellationToken)
    {
        var requested = await ReadPublishVersionAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var definition = (await LoadAsync(store, id, requested, cancellationToken).ConfigureAwait(false)).Definition;
        var result = validator.Validate(definition);
        if (!result.IsValid) throw NotPublishable(id, definition.Version, result.Errors);
        if (!await store.PublishDefinitionAsync(id, definition.Version, cancellationToken).ConfigureAwait(false))
            throw UnknownDefinition(id); // deleted in between
        await RefreshTriggersAsync(context, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new PublishResponse(id, definition.Version));
    }

    private static async Task<IResult> UnpublishAsync(string id, HttpContext context, IWorkflowStore store, CancellationToken cancellationToken)
    {
        await RequireAsync(store, id, cancellationToken).ConfigureAwait(false);
        await store.UnpublishDefinitionAsync(id, cancellationToken).ConfigureAwait(false);
        await RefreshTriggersAsync(context, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new PublishResponse(id, null));
    }

    /// <summary>The version to publish: <c>?version=</c> or a body <c>{"version": n}</c> (both optional; equal when both are given).</summary>
    private static async Task<int?> ReadPublishVersionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        int? fromQuery = request.Query.TryGetValue("version", out var query) ? ParseVersion(query.ToString(), "version") : null;
        var (present, body) = await JsonBody.ReadNodeAsync(request, required: false, cancellationToken).ConfigureAwait(false);
        int? fromBody = null;
        if (present && body is not null)
        {
            if (body is not JsonObject obj) throw ApiProblemException.BadRequest("The body must be an object such as {\"version\": 2}, or empty.", "$");
            if (obj.TryGetPropertyValue("version", out var node) && node is not null)
            {
                fromBody = node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var v) && v > 0
                    ? v
                    : throw ApiProblemException.BadRequest($"$.version must be a version number (1, 2, …), not {node.ToJsonString()}.", "$.version");
            }
        }
        if (fromQuery is not null && fromBody is not null && fromQuery != fromBody)
            throw ApiProblemException.BadRequest($"The query says version {fromQuery} and the body version {fromBody}; give one.", "$.version");
        return fromQuery ?? fromBody;
    }

    /// <summary>400 listing every validation error (code, message, JSON path, node); <c>field</c> is the first error's path.</summary>
    private static ApiProblemException NotPublishable(string id, int? version, IReadOnlyList<ValidationError> errors, string pathPrefix = "")
    {
        // In an import of several documents the paths start at the document: "$[2].nodes[0].type".
        var listed = errors.Select(e => pathPrefix.Length == 0 ? e : e with { Path = pathPrefix + e.Path[1..] }).ToArray();
        return ApiProblemException.BadRequest(
                $"Workflow '{id}'{(version is null ? "" : $" version {version}")} is not valid, so nothing was published: {errors.Count} error(s), the first: {errors[0].Message}",
                listed[0].Path)
            .With("errors", listed);
    }
}
