namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>The repository's workflows/ folder: the samples are tested as shipped, not rebuilt in C#.</summary>
internal static class SampleFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Solution.sln")) && System.IO.Directory.Exists(Path.Combine(directory.FullName, "workflows")))
                return Path.Combine(directory.FullName, "workflows");
        }
        throw new DirectoryNotFoundException($"No workflows/ folder next to Solution.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The absolute workflows/ folder.</summary>
    public static string Directory => Root.Value;

    /// <summary>workflows/prompts, the prompts directory the AI samples name their YAML files in.</summary>
    public static string Prompts => Path.Combine(Root.Value, "prompts");

    /// <summary>The text of workflows/<paramref name="id"/>.json.</summary>
    public static string Definition(string id) => File.ReadAllText(Path.Combine(Root.Value, id + ".json"));

    public static IEnumerable<string> All => System.IO.Directory.GetFiles(Root.Value, "*.json").Select(Path.GetFileNameWithoutExtension).Order()!;
}
