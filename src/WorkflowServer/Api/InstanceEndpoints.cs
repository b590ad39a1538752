using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Model;

namespace Weft.WorkflowServer.Api;

/// <summary><c>/api/instances</c>: start, list, query and read the journal; control is in InstanceEndpoints.Control.cs.</summary>
internal static partial class InstanceEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/instances").WithTags("Instances");
        group.MapPost("/", StartAsync)
            .WithSummary("Starts an instance of the published version (or of the given version, draft or not). Idempotency-Key header optional.")
            .Accepts<StartInstanceBody>("application/json")
            .Produces<StartInstanceResponse>(StatusCodes.Status201Created).Produces<StartInstanceResponse>();
        group.MapGet("/", ListAsync).WithSummary("Instances, newest first, filtered and paged.").Produces<InstanceListResponse>();
        group.MapGet("/{id}", GetAsync).WithSummary("Status, current nodes, variables, outputs, progress and error.").Produces<InstanceSnapshot>();
        group.MapGet("/{id}/journal", JournalAsync).WithSummary("Every node attempt in the order written.").Produces<IReadOnlyList<JournalEntry>>();
        MapControl(group);
    }

    private static async Task<IResult> StartAsync(HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var text = (await JsonBody.ReadTextAsync(request, required: true, cancellationToken).ConfigureAwait(false))!;
        var body = JsonBody.Deserialize<StartInstanceBody>(text, WeftJson.Options, "a start request {definitionId, version?, input?, instanceId?}");
        if (string.IsNullOrWhiteSpace(body.DefinitionId))
            throw ApiProblemException.BadRequest("$.definitionId is required: the id of the workflow to start.", "$.definitionId");
        if (body.Version is <= 0)
            throw ApiProblemException.BadRequest($"$.version must be a version number (1, 2, …), not {body.Version}.", "$.version");
        if (body.InstanceId is { } instanceId && !IsValidInstanceId(instanceId))
            throw ApiProblemException.BadRequest("$.instanceId may only contain letters, digits, '-', '_', '.' and ':' (at most 200).", "$.instanceId");
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (request.Headers[IdempotencyKeyHeader].Count > 1 || key.Length > 200)
            throw ApiProblemException.BadRequest($"Send one {IdempotencyKeyHeader} of at most 200 characters.", IdempotencyKeyHeader);

        StartResult started;
        try
        {
            started = await client.StartAsync(new StartRequest
            {
                DefinitionId = body.DefinitionId,
                Version = body.Version,
                AllowDraft = false, // a draft starts only when its version is named
                Input = body.Input,
                InstanceId = body.InstanceId,
                IdempotencyKey = key.Length == 0 ? null : key,
                TraceParent = request.Headers.TraceParent.ToString() is { Length: > 0 } parent ? parent : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowNotFoundException ex)
        {
            throw ApiProblemException.NotFound(ex.Message, body.Version is null ? "$.definitionId" : "$.version");
        }
        catch (WorkflowConflictException ex)
        {
            throw ApiProblemException.Conflict(ex.Message, body.InstanceId is not null && key.Length == 0 ? "$.instanceId" : IdempotencyKeyHeader)
                .With("existingInstanceId", ex.ExistingInstanceId);
        }
        catch (WorkflowStartException ex)
        {
            throw ApiProblemException.BadRequest(ex.Message, ex.Field is null ? "$" : "$." + ex.Field);
        }

        var response = new StartInstanceResponse(started.InstanceId, started.Created, started.Status);
        return started.Created
            ? TypedResults.Created($"/api/instances/{Uri.EscapeDataString(started.InstanceId)}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IWorkflowStore store, CancellationToken cancellationToken)
    {
        var query = InstanceQueryParser.Parse(request.Query);
        var page = await store.ListInstancesAsync(query, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new InstanceListResponse(page.Items.Select(InstanceSummary.From).ToArray(), page.Total, query.Skip, query.Take));
    }

    private static async Task<IResult> GetAsync(string id, IWorkflowClient client, CancellationToken cancellationToken) =>
        TypedResults.Ok(await client.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw UnknownInstance(id));

    private static async Task<IResult> JournalAsync(string id, IWorkflowStore store, CancellationToken cancellationToken)
    {
        if (await store.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is null) throw UnknownInstance(id);
        return TypedResults.Ok(await store.GetJournalAsync(id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Instance ids travel in URLs: keep them to characters that need no escaping.</summary>
    private static bool IsValidInstanceId(string id) =>
        id.Length is > 0 and <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    internal static ApiProblemException UnknownInstance(string id) => ApiProblemException.NotFound($"There is no instance '{id}'.", "id");
}
