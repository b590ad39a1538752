using System.Text.RegularExpressions;

namespace Weft.AppHost.Hosting;

/// <summary>Resource names become environment variable names (<c>services__name__http__0</c>), so they are kept to letters, digits, '-' and '_'.</summary>
internal static partial class ResourceName
{
    public static string Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Pattern().IsMatch(name)
            ? name
            : throw new ArgumentException($"Resource name '{name}' must start with a letter and contain only letters, digits, '-' and '_'.", nameof(name));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex Pattern();
}
