using System.Collections.Concurrent;
using Weft.Engine.Activities;

namespace Weft.Activities.Chat;

/// <summary>
/// Where <c>ai.chat</c>'s <c>prompt</c> files live, and a cache of them parsed (reloaded when a file
/// changes). Paths are relative to <see cref="Directory"/> and may not leave it, so a workflow cannot
/// send arbitrary files of the server to a model. Register one in the services; without one, the
/// directory is <c>WEFT_PROMPTS_DIRECTORY</c> or else the current directory.
/// </summary>
public sealed class PromptLibrary
{
    public const string DirectoryVariable = "WEFT_PROMPTS_DIRECTORY";

    private static readonly Lazy<PromptLibrary> FromEnvironment = new(() =>
        new PromptLibrary(Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory ? directory : Environment.CurrentDirectory));

    private readonly ConcurrentDictionary<string, (DateTime WrittenAt, PromptFile File)> _cache = new(StringComparer.Ordinal);

    public PromptLibrary(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The absolute directory prompt paths are relative to.</summary>
    public string Directory { get; }

    /// <summary>The library registered in <paramref name="services"/>, else the environment's.</summary>
    public static PromptLibrary Resolve(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService(typeof(PromptLibrary)) as PromptLibrary ?? FromEnvironment.Value;
    }

    /// <summary>Loads <paramref name="relativePath"/>; a missing, unreadable, outside or malformed file is a non-retryable validation error.</summary>
    public PromptFile Load(string relativePath, string nodeId)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
            throw ActivityException.Validation($"Input 'prompt' of node '{nodeId}' is empty.");
        var full = Path.GetFullPath(Path.Combine(Directory, relativePath));
        var root = Directory.EndsWith(Path.DirectorySeparatorChar) ? Directory : Directory + Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(relativePath) || !full.StartsWith(root, StringComparison.Ordinal))
            throw ActivityException.Validation($"Prompt file '{relativePath}' of node '{nodeId}' must be a path inside the prompts directory ({Directory}).");
        var info = new FileInfo(full);
        if (!info.Exists)
            throw ActivityException.Validation($"Prompt file '{relativePath}' of node '{nodeId}' does not exist in the prompts directory ({Directory}).");
        if (_cache.TryGetValue(full, out var cached) && cached.WrittenAt == info.LastWriteTimeUtc) return cached.File;
        try
        {
            var file = PromptFile.Parse(relativePath, File.ReadAllText(full));
            _cache[full] = (info.LastWriteTimeUtc, file);
            return file;
        }
        catch (FormatException ex)
        {
            throw ActivityException.Validation(ex.Message);
        }
        catch (IOException ex)
        {
            throw new ActivityException(ErrorTypes.ActivityFailed, $"Prompt file '{relativePath}' of node '{nodeId}' could not be read: {ex.Message}", retryable: true, inner: ex);
        }
    }
}
