using System.Text.Json;
using Weft.Engine.Model;

namespace Weft.Cli;

/// <summary>Reads a definition file, turning every way it can be wrong into one clear message.</summary>
internal static class DefinitionFile
{
    public static WorkflowDefinition Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"{path}: cannot read the file: {ex.Message}");
        }
        if (string.IsNullOrWhiteSpace(text)) throw new CliInputException($"{path}: the file is empty.");
        try
        {
            var definition = WeftJson.ParseDefinition(text);
            if (string.IsNullOrWhiteSpace(definition.Id)) throw new CliInputException($"{path}: the definition has no \"id\".");
            return definition;
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1}{(string.IsNullOrEmpty(ex.Path) ? "" : ", at " + ex.Path)})" : "";
            throw new CliInputException($"{path}: not a valid workflow definition{where}: {FirstSentence(ex.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
