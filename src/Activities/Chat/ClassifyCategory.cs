using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Activities.Chat;

/// <summary>One category of <c>ai.classify</c>: a name (which is also a port) and what it means.</summary>
public sealed record ClassifyCategory(string Name, string? Description)
{
    /// <summary>Reads <c>["a", "b"]</c> or <c>[{ name, description }]</c>; entries without a usable name are skipped, duplicates kept once.</summary>
    public static List<ClassifyCategory> Read(JsonNode? categories)
    {
        var list = new List<ClassifyCategory>();
        if (categories is not JsonArray items) return list;
        foreach (var item in items)
        {
            var category = item switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => new ClassifyCategory(v.GetValue<string>().Trim(), null),
                JsonObject o when PromptText.Of(o["name"]) is { } name => new ClassifyCategory(name.Trim(), PromptText.Of(o["description"])),
                _ => null,
            };
            if (category is null || category.Name.Length == 0 || category.Name.Contains("{{", StringComparison.Ordinal)) continue;
            if (!list.Any(c => string.Equals(c.Name, category.Name, StringComparison.Ordinal))) list.Add(category);
        }
        return list;
    }
}
