using System.Text.Json.Nodes;
using Weft.Engine.Activities;
using Weft.Engine.Model;

namespace Weft.Activities.Documents;

/// <summary><c>text.chunk</c>: splits text into overlapping, boundary-aware chunks for embedding (see <see cref="TextChunker"/>).</summary>
[Activity("text.chunk", DisplayName = "Chunk text", Category = "AI",
    Description = "Splits text into chunks of at most `size` characters at paragraph, sentence or word boundaries, each starting with up to `overlap` characters of the previous one.")]
[Output("chunks", ValueTypes.Array, Description = "[{index, text, start, end}]: start and end are character offsets into the input text.")]
[Output("count", ValueTypes.Integer, Description = "How many chunks.")]
public sealed class ChunkTextActivity : Activity<ChunkTextInputs>
{
    protected override ValueTask<ActivityResult> ExecuteAsync(ChunkTextInputs inputs, ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(inputs.Text))
            throw ActivityException.Validation($"Input 'text' of node '{context.NodeId}' is empty: there is nothing to chunk.");
        if (inputs.Size <= 0)
            throw ActivityException.Validation($"Input 'size' of node '{context.NodeId}' is {inputs.Size}; it must be at least 1.");
        if (inputs.Overlap < 0 || inputs.Overlap >= inputs.Size)
            throw ActivityException.Validation($"Input 'overlap' of node '{context.NodeId}' is {inputs.Overlap}; it must be at least 0 and less than 'size' ({inputs.Size}).");
        var strategy = inputs.Strategy.ToLowerInvariant() switch
        {
            "paragraph" => ChunkStrategy.Paragraph,
            "sentence" => ChunkStrategy.Sentence,
            "fixed" => ChunkStrategy.Fixed,
            _ => throw ActivityException.Validation($"Input 'strategy' of node '{context.NodeId}' is '{inputs.Strategy}'; use paragraph, sentence or fixed."),
        };

        var chunks = TextChunker.Chunk(inputs.Text, inputs.Size, inputs.Overlap, strategy);
        var array = new JsonArray();
        foreach (var chunk in chunks)
            array.Add(new JsonObject { ["index"] = chunk.Index, ["text"] = chunk.Text, ["start"] = chunk.Start, ["end"] = chunk.End });
        return ValueTask.FromResult(ActivityResult.Complete(new JsonObject { ["chunks"] = array, ["count"] = chunks.Count }));
    }
}

public sealed class ChunkTextInputs
{
    [Input(Required = true, UiHint = UiHints.MultiLine, Description = "The text to split, e.g. {{ nodes.load.output.text }}.")]
    public string Text { get; set; } = "";

    [Input(Description = "Largest chunk, in characters. Default: 800.")]
    public int Size { get; set; } = 800;

    [Input(Description = "Characters of the previous chunk's tail each chunk starts with, cut at a word boundary; less than size. Default: 100.")]
    public int Overlap { get; set; } = 100;

    [Input(Options = ["paragraph", "sentence", "fixed"], Description = "Where chunks prefer to end: at blank lines, at sentence ends, or at any word. Default: paragraph.")]
    public string Strategy { get; set; } = "paragraph";
}
