using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Cli;

/// <summary>The workflow input: <c>--input JSON</c>, <c>-f payload.json</c>, or JSON piped on stdin; empty when none.</summary>
internal static class InputReader
{
    public static JsonObject Read(string? inline, string? file)
    {
        if (inline is not null && file is not null) throw new CliInputException("Give the input either with --input or with -f, not both.");
        string? text = inline;
        var source = "--input";
        if (file is not null)
        {
            source = file;
            try { text = File.ReadAllText(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new CliInputException($"{file}: cannot read the input file: {ex.Message}"); }
        }
        else if (text is null && Console.IsInputRedirected)
        {
            source = "stdin";
            text = Console.In.ReadToEnd();
        }
        if (string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new CliInputException($"{source}: the input must be a JSON object, e.g. {{\"name\": \"Ada\"}}.");
        }
        catch (JsonException ex)
        {
            throw new CliInputException($"{source}: the input is not valid JSON: {ex.Message}");
        }
    }
}
