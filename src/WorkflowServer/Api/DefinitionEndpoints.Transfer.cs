using System.Text;
using System.Text.Json;
using Weft.Engine.Model;
using Weft.Engine.Storage;
using Weft.Engine.Validation;

namespace Weft.WorkflowServer.Api;

/// <summary>Import (one definition or many, all-or-nothing) and export (a version as a downloadable file).</summary>
internal static partial class DefinitionEndpoints
{
    private static void MapTransfer(RouteGroupBuilder group)
    {
        group.MapPost("/import", ImportAsync)
            .WithSummary("Saves one definition or an array as new versions; ?publish=true publishes each. Nothing is saved unless all are acceptable.")
            .Accepts<WorkflowDefinition[]>("application/json").Produces<ImportResponse>();
        group.MapGet("/{id}/export", ExportAsync).WithSummary("A version (default: the latest) as a JSON file attachment.");
    }

    private static async Task<IResult> ImportAsync(
        HttpContext context, IWorkflowStore store, WorkflowValidator validator, DefinitionWriteGate gate, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var publish = request.Query.TryGetValue("publish", out var flag)
            ? bool.TryParse(flag.ToString(), out var p) ? p : throw ApiProblemException.BadRequest($"'{flag}' is not true or false.", "publish")
            : false;
        var text = (await JsonBody.ReadTextAsync(request, required: true, cancellationToken).ConfigureAwait(false))!;
        var (definitions, isArray) = ParseImport(text);
        if (definitions.Count == 0) throw ApiProblemException.BadRequest("The array holds no definitions.", "$");

        // Everything is checked before anything is saved.
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            var at = isArray ? $"$[{i}]" : "$";
            var definition = definitions[i] ?? throw ApiProblemException.BadRequest($"{at} is null, not a definition.", at);
            CheckId(definition.Id, at + ".id");
            if (!ids.Add(definition.Id)) throw ApiProblemException.BadRequest($"The id '{definition.Id}' appears twice in the import.", at + ".id");
            if (!publish) continue;
            var result = validator.Validate(definition);
            if (!result.IsValid) throw NotPublishable(definition.Id, null, result.Errors, isArray ? at : "");
        }

        var imported = new List<ImportedDefinition>();
        using (await gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var definition in definitions)
            {
                var version = await store.SaveDefinitionAsync(definition!, cancellationToken).ConfigureAwait(false);
                if (publish) await store.PublishDefinitionAsync(definition!.Id, version, cancellationToken).ConfigureAwait(false);
                imported.Add(new ImportedDefinition(definition!.Id, version, publish));
            }
        }
        if (publish) await RefreshTriggersAsync(context, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ImportResponse(imported));
    }

    /// <summary>One definition object or an array of them; a JSON error names the path into the whole body ($[2].nodes…).</summary>
    private static (List<WorkflowDefinition?> Definitions, bool IsArray) ParseImport(string text)
    {
        JsonValueKind kind;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            kind = document.RootElement.ValueKind;
        }
        catch (JsonException ex)
        {
            throw JsonBody.Invalid(ex, "The body is not valid JSON");
        }
        if (kind == JsonValueKind.Array)
            return (JsonBody.Deserialize<List<WorkflowDefinition?>>(text, WeftJson.Options, "an array of workflow definitions"), true);
        return ([ParseDefinition(text)], false);
    }

    private static async Task<IResult> ExportAsync(string id, HttpRequest request, IWorkflowStore store, CancellationToken cancellationToken)
    {
        int? version = request.Query.TryGetValue("version", out var v) ? ParseVersion(v.ToString(), "version") : null;
        var definition = (await LoadAsync(store, id, version, cancellationToken).ConfigureAwait(false)).Definition;
        var json = WeftJson.Serialize(definition, indented: true);
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", $"{definition.Id}.v{definition.Version}.json");
    }
}
