using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Engine.Monitoring.Alerts;
using Weft.WorkflowServer.Api;

namespace Weft.WorkflowServer.Monitoring;

/// <summary><c>/api/alerts</c>: open alerts, their history, and the rules (CRUD for rules defined through the API).</summary>
internal static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Monitoring");

        alerts.MapGet("", async (IAlertStore store, CancellationToken cancellationToken) =>
                TypedResults.Ok(new AlertsResponse(await store.ListAlertsAsync(new AlertQuery { OpenOnly = true, Take = 500 }, cancellationToken).ConfigureAwait(false))))
            .WithSummary("Open alerts, oldest first.");

        alerts.MapGet("/history", async (HttpRequest request, IAlertStore store, CancellationToken cancellationToken) =>
        {
            var since = request.Query.TryGetValue("since", out var sinceText)
                ? DateTimeOffset.TryParse(sinceText.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? time
                    : throw ApiProblemException.BadRequest($"Query parameter 'since': '{sinceText}' is not a date and time; use ISO 8601.", "since")
                : (DateTimeOffset?)null;
            var take = 100;
            if (request.Query.TryGetValue("take", out var takeText)
                && (!int.TryParse(takeText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > 500))
            {
                throw ApiProblemException.BadRequest($"Query parameter 'take' must be a whole number from 1 to 500, not '{takeText}'.", "take");
            }
            return TypedResults.Ok(new AlertsResponse(await store.ListAlertsAsync(new AlertQuery { Since = since, Take = take }, cancellationToken).ConfigureAwait(false)));
        }).WithSummary("Alerts opened (and perhaps resolved) since a time, newest first.");

        var rules = alerts.MapGroup("/rules");

        rules.MapGet("", async (AlertRuleCatalog catalog, CancellationToken cancellationToken) =>
                TypedResults.Ok(new JsonObject { ["rules"] = new JsonArray((await catalog.ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => (JsonNode)Describe(r.Rule, r.Source)).ToArray()) }))
            .WithSummary("Every rule: from configuration and through the API.");

        rules.MapGet("/{id}", async (string id, AlertRuleCatalog catalog, CancellationToken cancellationToken) =>
        {
            var found = (await catalog.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Rule.Id == id);
            return found.Rule is null ? throw ApiProblemException.NotFound($"Alert rule '{id}' does not exist.", "id") : TypedResults.Ok(Describe(found.Rule, found.Source));
        }).WithSummary("One rule.");

        rules.MapPost("", async (HttpRequest request, AlertRuleCatalog catalog, CancellationToken cancellationToken) =>
        {
            var rule = await ReadRuleAsync(request, null, cancellationToken).ConfigureAwait(false);
            if ((await catalog.ListAsync(cancellationToken).ConfigureAwait(false)).Any(r => r.Rule.Id == rule.Id))
                throw ApiProblemException.Conflict($"Alert rule '{rule.Id}' exists; PUT /api/alerts/rules/{rule.Id} replaces it.", "$.id");
            await catalog.SaveAsync(rule, cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/alerts/rules/{rule.Id}", Describe(rule, "api"));
        }).WithSummary("Adds a rule.");

        rules.MapPut("/{id}", async (string id, HttpRequest request, AlertRuleCatalog catalog, CancellationToken cancellationToken) =>
        {
            var rule = await ReadRuleAsync(request, id, cancellationToken).ConfigureAwait(false);
            ThrowIfConfigured(catalog, id);
            await catalog.SaveAsync(rule, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(Describe(rule, "api"));
        }).WithSummary("Adds or replaces a rule.");

        rules.MapDelete("/{id}", async (string id, AlertRuleCatalog catalog, CancellationToken cancellationToken) =>
        {
            ThrowIfConfigured(catalog, id);
            return await catalog.DeleteAsync(id, cancellationToken).ConfigureAwait(false)
                ? TypedResults.NoContent()
                : throw ApiProblemException.NotFound($"Alert rule '{id}' does not exist.", "id");
        }).WithSummary("Deletes a rule; its open alerts resolve at the next evaluation.");
    }

    private static async Task<AlertRule> ReadRuleAsync(HttpRequest request, string? routeId, CancellationToken cancellationToken)
    {
        var (_, node) = await JsonBody.ReadNodeAsync(request, required: true, cancellationToken).ConfigureAwait(false);
        if (node is not JsonObject json)
            throw ApiProblemException.BadRequest("The body must be a JSON object: an alert rule.", "$");
        if (routeId is not null)
        {
            if (json["id"] is null) json["id"] = routeId;
            else if (json["id"] is JsonValue bodyId && bodyId.TryGetValue<string>(out var text) && text != routeId)
                throw ApiProblemException.BadRequest($"The body's id '{text}' differs from the URL's '{routeId}'.", "$.id");
        }
        try
        {
            return AlertRuleReader.Read(json);
        }
        catch (AlertRuleException error)
        {
            throw ApiProblemException.BadRequest(error.Message, error.Field);
        }
    }

    private static void ThrowIfConfigured(AlertRuleCatalog catalog, string id)
    {
        if (catalog.IsConfigured(id))
            throw ApiProblemException.Conflict($"Alert rule '{id}' comes from configuration (Weft:Alerts:Rules); change it there.", "id");
    }

    private static JsonObject Describe(AlertRule rule, string source)
    {
        var json = rule.ToJson();
        json["source"] = source;
        return json;
    }
}

internal sealed record AlertsResponse(IReadOnlyList<AlertRecord> Alerts);
