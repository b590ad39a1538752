using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Weft.AppHost.Dashboard;

/// <summary>
/// The pages: a single HTML shell with plain JS and CSS, embedded in the assembly (no front-end build)
/// and served from memory. Routing between pages is in the URL fragment, so every page is "/".
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "Weft.AppHost.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Files = Load();

    public static void MapDashboardAssets(this WebApplication app)
    {
        app.MapGet("/", () => Serve("index.html"));
        app.MapGet("/assets/{file}", (string file) => Serve(file));
    }

    private static IResult Serve(string file) =>
        Files.TryGetValue(file, out var asset)
            ? Results.Bytes(asset.Content, asset.ContentType)
            : Results.NotFound();

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var file = name[Prefix.Length..];
            files[file] = (memory.ToArray(), ContentType(file));
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
