using Weft.Engine.Expressions;
using Weft.Engine.Model;
using Weft.Engine.Validation;

namespace Weft.Engine.Tests.Validation;

internal static class ValidationTestKit
{
    private static readonly WorkflowValidator Validator = new(TestActivities.Registry(), ExpressionEngine.Default);

    public static ValidationResult Validate(WorkflowDefinition definition) => Validator.Validate(definition);

    /// <summary>Validates a document given as JSON, the way Studio and the API hand definitions in.</summary>
    public static ValidationResult Validate(string json) => Validator.Validate(WeftJson.ParseDefinition(json));

    /// <summary>A one-graph document around <paramref name="nodes"/> and <paramref name="edges"/> (JSON array texts).</summary>
    public static ValidationResult ValidateGraph(string nodes, string edges = "[]") =>
        Validate($$"""{ "id": "wf", "nodes": {{nodes}}, "edges": {{edges}} }""");

    public static ValidationError Single(this ValidationResult result, string code)
    {
        var matching = result.Errors.Where(e => e.Code == code).ToList();
        matching.Count.ShouldBe(1, $"expected one {code}; errors: {Describe(result)}");
        return matching[0];
    }

    public static string Describe(ValidationResult result) =>
        result.Errors.Count == 0 ? "(none)" : string.Join("; ", result.Errors.Select(e => $"{e.Code} at {e.Path}: {e.Message}"));
}
