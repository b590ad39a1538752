using System.Text;

namespace Weft.Engine.Validation;

/// <summary>Builds the JSON paths errors carry, in the dotted form Studio resolves (<c>$.nodes[3].inputs.text</c>).</summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>Dotted when <paramref name="name"/> is identifier-like, bracketed and quoted otherwise (<c>$.inputs['content-type']</c>).</summary>
    public static string Property(string path, string name)
    {
        if (IsIdentifier(name)) return $"{path}.{name}";
        var quoted = new StringBuilder(name.Length + 4).Append(path).Append("['");
        foreach (var c in name)
        {
            if (c is '\'' or '\\') quoted.Append('\\');
            quoted.Append(c);
        }
        return quoted.Append("']").ToString();
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
}
