using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Weft.Engine.Model;

/// <summary>
/// The one JSON shape of everything Weft stores or exchanges: camelCase names, enums as
/// camelCase strings, nulls omitted when written, comments and trailing commas accepted when
/// read (definitions are hand-edited files too).
/// </summary>
public static class WeftJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            RespectNullableAnnotations = false,
            // Generated metadata first; reflection for the rest (activity input classes, user types).
            TypeInfoResolver = JsonTypeInfoResolver.Combine(WeftJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Reads a definition; throws <see cref="JsonException"/> with the path of the first problem.</summary>
    public static WorkflowDefinition ParseDefinition(string json) =>
        JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(WorkflowDefinition))) as WorkflowDefinition
        ?? throw new JsonException("The document is empty (null).");

    public static string Serialize(WorkflowDefinition definition, bool indented = false) =>
        JsonSerializer.Serialize(definition, indented ? Indented.GetTypeInfo(typeof(WorkflowDefinition)) : Options.GetTypeInfo(typeof(WorkflowDefinition)));

    private static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}

/// <summary>Source-generated metadata for the hot types (definitions are read on every start).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WorkflowDefinition))]
[JsonSerializable(typeof(Runtime.InstanceState))]
internal sealed partial class WeftJsonContext : JsonSerializerContext;
