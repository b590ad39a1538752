using System.Text.Json;

namespace Weft.Activities.Schema;

/// <summary>Builds the JSONPath-style locations of schema errors: <c>$</c>, <c>$.a.b</c>, <c>$.list[2]</c>, <c>$['odd key']</c>.</summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Property(string path, string name) =>
        IsIdentifier(name) ? $"{path}.{name}" : $"{path}[{JsonSerializer.Serialize(name).Replace("\"", "'", StringComparison.Ordinal)}]";

    public static string Index(string path, int index) => $"{path}[{index}]";

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '$') return false;
        }
        return true;
    }
}
