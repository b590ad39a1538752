using System.Text.Json.Nodes;
using Weft.Engine.Monitoring;
using Weft.Engine.Monitoring.Alerts;

namespace Weft.WorkflowServer.Monitoring;

/// <summary>
/// Every alert rule: those in configuration (<c>Weft:Alerts:Rules</c>, read once at start — a bad one stops the server
/// with the key at fault) and those saved through the API in the store. Configuration rules cannot be changed or
/// deleted through the API, and an API rule cannot take a configuration rule's id.
/// </summary>
public sealed class AlertRuleCatalog
{
    public const string RulesSection = AlertOptions.SectionName + ":Rules";

    private readonly IAlertStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertRuleCatalog> _logger;

    public AlertRuleCatalog(IConfiguration configuration, IAlertStore store, TimeProvider time, ILogger<AlertRuleCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _store = store;
        _time = time;
        _logger = logger;
        Configured = ReadConfigured(configuration.GetSection(RulesSection));
    }

    /// <summary>The rules from configuration, in order.</summary>
    public IReadOnlyList<AlertRule> Configured { get; }

    public bool IsConfigured(string id) => Configured.Any(r => r.Id == id);

    /// <summary>Configuration rules, then API rules by id. A stored rule that no longer reads is logged and left out.</summary>
    public async Task<IReadOnlyList<(AlertRule Rule, string Source)>> ListAsync(CancellationToken cancellationToken)
    {
        var rules = Configured.Select(r => (r, "configuration")).ToList();
        foreach (var stored in await _store.ListAlertRulesAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (JsonNode.Parse(stored.Json) is JsonObject json && !IsConfigured(stored.Id))
                    rules.Add((AlertRuleReader.Read(json), "api"));
            }
            catch (Exception error) when (error is AlertRuleException or System.Text.Json.JsonException)
            {
                _logger.LogWarning(error, "The stored alert rule {RuleId} cannot be read and is not evaluated.", stored.Id);
            }
        }
        return rules;
    }

    public async Task<IReadOnlyList<AlertRule>> EnabledAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Rule).Where(r => r.Enabled).ToList();

    public Task SaveAsync(AlertRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return _store.SaveAlertRuleAsync(new StoredAlertRule(rule.Id, rule.ToJson().ToJsonString(), _time.GetUtcNow()), cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => _store.DeleteAlertRuleAsync(id, cancellationToken);

    private static List<AlertRule> ReadConfigured(IConfigurationSection section)
    {
        var rules = new List<AlertRule>();
        foreach (var child in section.GetChildren())
        {
            var prefix = $"{child.Path}:";
            // Configuration keys ignore case; rule fields are camelCase: map each key to its field name.
            var fields = child.GetChildren().ToDictionary(
                c => AlertRuleFields.Canonical(c.Key),
                c => c.Value,
                StringComparer.Ordinal);
            var rule = AlertRuleReader.Read(fields, prefix);
            if (rules.Any(r => r.Id == rule.Id))
                throw new AlertRuleException(prefix + "id", $"Two configured alert rules have the id '{rule.Id}'.");
            rules.Add(rule);
        }
        return rules;
    }
}

/// <summary>The rule field names, to match configuration keys written in any case.</summary>
internal static class AlertRuleFields
{
    private static readonly string[] Names = ["id", "metric", "workflow", "node", "queue", "window", "threshold", "minRuns", "enabled", "description"];

    public static string Canonical(string key) => Names.FirstOrDefault(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)) ?? key;
}
