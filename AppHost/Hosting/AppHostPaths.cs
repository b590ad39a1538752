using System.Reflection;

namespace Weft.AppHost.Hosting;

/// <summary>
/// Where the AppHost's sources are and which configuration built it, stamped into the assembly at build time
/// (AppHost.csproj), so relative project paths resolve the same from <c>dotnet run</c>, from bin, or from a test.
/// </summary>
internal static class AppHostPaths
{
    private static readonly Assembly Assembly = typeof(AppHostPaths).Assembly;

    /// <summary>The AppHost project's directory (where AppHost.csproj is).</summary>
    public static string ProjectDirectory => Metadata("Weft.AppHost.ProjectDirectory") ?? AppContext.BaseDirectory;

    /// <summary>Debug or Release: the configuration whose built outputs the projects are run from.</summary>
    public static string BuildConfiguration => Metadata("Weft.AppHost.Configuration") ?? "Debug";

    private static string? Metadata(string key) =>
        Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
