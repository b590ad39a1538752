using System.Globalization;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Api;

/// <summary>
/// The filters of <c>GET /api/instances</c>. A value that does not parse is a 400 naming the parameter —
/// never silently ignored, which would list instances the caller did not ask for.
/// </summary>
internal static class InstanceQueryParser
{
    public const int MaxTake = 500;
    public const int DefaultTake = 50;

    public static InstanceQuery Parse(IQueryCollection query) => new()
    {
        Status = Optional(query, "status", ParseStatus),
        DefinitionId = NonEmpty(query, "definitionId"),
        CreatedAfter = Optional(query, "createdAfter", ParseTime),
        CreatedBefore = Optional(query, "createdBefore", ParseTime),
        ParentInstanceId = NonEmpty(query, "parentInstanceId"),
        Skip = Optional(query, "skip", (text, name) => ParseInt(text, name, 0, int.MaxValue)) ?? 0,
        Take = Optional(query, "take", (text, name) => ParseInt(text, name, 1, MaxTake)) ?? DefaultTake,
    };

    private static T? Optional<T>(IQueryCollection query, string name, Func<string, string, T> parse) where T : struct =>
        query.TryGetValue(name, out var values) ? parse(Single(values.ToString(), values.Count, name), name) : null;

    private static string? NonEmpty(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        var value = Single(values.ToString(), values.Count, name);
        return value.Length == 0 ? throw ApiProblemException.BadRequest($"Query parameter '{name}' is empty.", name) : value;
    }

    private static string Single(string value, int count, string name) =>
        count > 1 ? throw ApiProblemException.BadRequest($"Query parameter '{name}' is given {count} times; give it once.", name) : value;

    private static InstanceStatus ParseStatus(string text, string name) =>
        Enum.TryParse<InstanceStatus>(text, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(text, out _)
            ? status
            : throw ApiProblemException.BadRequest(
                $"'{text}' is not an instance status; use one of {string.Join(", ", Enum.GetNames<InstanceStatus>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.", name);

    private static DateTimeOffset ParseTime(string text, string name) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw ApiProblemException.BadRequest($"Query parameter '{name}': '{text}' is not a date and time; use ISO 8601, e.g. 2025-01-31T12:00:00Z.", name);

    private static int ParseInt(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiProblemException.BadRequest($"Query parameter '{name}' must be a whole number from {min} to {max}, not '{text}'.", name);
}
