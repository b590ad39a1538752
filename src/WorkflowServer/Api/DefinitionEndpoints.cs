using System.Globalization;
using System.Text.Json;
using Weft.Engine.Model;
using Weft.Engine.Storage;
using Weft.Engine.Validation;
using Weft.WorkflowServer.Triggers;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// <c>/api/definitions</c>: create, read, version, publish and delete workflow definitions. Saving checks the
/// document's shape (parsable, with a valid id) but not its graph — Studio saves drafts; publishing requires
/// a definition that passes <see cref="WorkflowValidator"/>.
/// </summary>
internal static partial class DefinitionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/definitions").WithTags("Definitions");
        group.MapGet("/", ListAsync).WithSummary("Lists definitions: id, name, latest and published version, last change.");
        group.MapPost("/", CreateAsync).WithSummary("Creates a definition as version 1 (409 when the id exists).")
            .Accepts<WorkflowDefinition>("application/json").Produces<DefinitionResponse>(StatusCodes.Status201Created);
        group.MapGet("/{id}", GetAsync).WithSummary("The latest version, with the published version number.");
        group.MapPut("/{id}", UpdateAsync).WithSummary("Saves a new version (drafts need not be valid).")
            .Accepts<WorkflowDefinition>("application/json");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Deletes every version (running instances keep theirs) and unpublishes.");
        group.MapGet("/{id}/versions", ListVersionsAsync).WithSummary("The versions, oldest first.");
        group.MapGet("/{id}/versions/{version}", GetVersionAsync).WithSummary("One version.");
        MapPublishing(group);
        MapTransfer(group);
    }

    private static async Task<IResult> ListAsync(IWorkflowStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListDefinitionsAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> CreateAsync(HttpRequest request, IWorkflowStore store, DefinitionWriteGate gate, CancellationToken cancellationToken)
    {
        var definition = await ReadDefinitionAsync(request, routeId: null, cancellationToken).ConfigureAwait(false);
        int version;
        using (await gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await store.GetDefinitionAsync(definition.Id, null, cancellationToken).ConfigureAwait(false) is not null)
                throw ApiProblemException.Conflict($"A definition with id '{definition.Id}' exists already; PUT /api/definitions/{definition.Id} saves a new version.", "$.id");
            version = await store.SaveDefinitionAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        var saved = await LoadAsync(store, definition.Id, version, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/definitions/{Uri.EscapeDataString(definition.Id)}", saved);
    }

    private static async Task<IResult> GetAsync(string id, IWorkflowStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await LoadAsync(store, id, null, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, IWorkflowStore store, CancellationToken cancellationToken)
    {
        var definition = await ReadDefinitionAsync(request, id, cancellationToken).ConfigureAwait(false);
        await RequireAsync(store, id, cancellationToken).ConfigureAwait(false);
        var version = await store.SaveDefinitionAsync(definition, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await LoadAsync(store, id, version, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IWorkflowStore store, CancellationToken cancellationToken)
    {
        if (!await store.DeleteDefinitionAsync(id, cancellationToken).ConfigureAwait(false))
            throw UnknownDefinition(id);
        await RefreshTriggersAsync(context, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListVersionsAsync(string id, IWorkflowStore store, CancellationToken cancellationToken)
    {
        var versions = await store.ListDefinitionVersionsAsync(id, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? throw UnknownDefinition(id) : TypedResults.Ok(versions);
    }

    private static async Task<IResult> GetVersionAsync(string id, string version, IWorkflowStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await LoadAsync(store, id, ParseVersion(version, "version"), cancellationToken).ConfigureAwait(false));

    // ---- helpers shared by the definition endpoints --------------------------------------------

    /// <summary>Reads and shape-checks a definition body; with <paramref name="routeId"/>, its id must be absent or equal.</summary>
    private static async Task<WorkflowDefinition> ReadDefinitionAsync(HttpRequest request, string? routeId, CancellationToken cancellationToken)
    {
        var text = (await JsonBody.ReadTextAsync(request, required: true, cancellationToken).ConfigureAwait(false))!;
        var definition = ParseDefinition(text);
        if (routeId is not null)
        {
            if (string.IsNullOrEmpty(definition.Id)) definition.Id = routeId;
            else if (definition.Id != routeId)
                throw ApiProblemException.BadRequest($"The body's id '{definition.Id}' differs from the id in the URL ('{routeId}'); leave it out or make them equal.", "$.id");
        }
        CheckId(definition.Id, "$.id");
        return definition;
    }

    private static WorkflowDefinition ParseDefinition(string text)
    {
        try
        {
            return WeftJson.ParseDefinition(text);
        }
        catch (JsonException ex)
        {
            throw JsonBody.Invalid(ex, "The body is not a valid workflow definition");
        }
    }

    /// <summary>The id rule of the validator (ids appear in URLs and file names), enforced already on save.</summary>
    private static void CheckId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
            throw ApiProblemException.BadRequest("The definition has no id.", field);
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw ApiProblemException.BadRequest($"The definition id '{id}' may only contain letters, digits, '-', '_' and '.'.", field);
    }

    private static async Task RequireAsync(IWorkflowStore store, string id, CancellationToken cancellationToken)
    {
        if (await store.GetDefinitionAsync(id, null, cancellationToken).ConfigureAwait(false) is null) throw UnknownDefinition(id);
    }

    /// <summary>A version of a live (not deleted) definition with its published version; 404 when either is missing.</summary>
    private static async Task<DefinitionResponse> LoadAsync(IWorkflowStore store, string id, int? version, CancellationToken cancellationToken)
    {
        var latest = await store.GetDefinitionAsync(id, null, cancellationToken).ConfigureAwait(false) ?? throw UnknownDefinition(id);
        var definition = latest;
        if (version is { } wanted && wanted != latest.Version)
        {
            // Only live versions: a deleted id that was created again keeps its old rows for old instances, not for the API.
            var live = await store.ListDefinitionVersionsAsync(id, cancellationToken).ConfigureAwait(false);
            definition = live.Any(v => v.Version == wanted)
                ? await store.GetDefinitionAsync(id, wanted, cancellationToken).ConfigureAwait(false)
                : null;
            if (definition is null) throw ApiProblemException.NotFound($"Workflow '{id}' has no version {wanted}.", "version");
        }
        var published = await store.GetPublishedDefinitionAsync(id, cancellationToken).ConfigureAwait(false);
        return new DefinitionResponse(id, definition.Version, published?.Version, definition);
    }

    private static int ParseVersion(string? text, string field) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw ApiProblemException.BadRequest($"'{text}' is not a version number (1, 2, …).", field);

    private static ApiProblemException UnknownDefinition(string id) => ApiProblemException.NotFound($"There is no workflow definition '{id}'.", "id");

    private static Task RefreshTriggersAsync(HttpContext context, CancellationToken cancellationToken) =>
        context.RequestServices.GetService<ITriggerRoutes>()?.RefreshAsync(cancellationToken) ?? Task.CompletedTask;
}
