using Weft.Engine.Activities;
using Weft.Engine.Expressions;

namespace Weft.Engine.Validation;

/// <summary>What the checks of one <see cref="WorkflowValidator.Validate"/> call share: the registry, the expression engine, the errors so far.</summary>
internal sealed class ValidationContext(ActivityRegistry registry, ExpressionEngine expressions)
{
    private readonly List<ValidationError> _errors = [];

    public ActivityRegistry Registry { get; } = registry;
    public ExpressionEngine Expressions { get; } = expressions;

    /// <summary>Node ids seen so far, across every graph of the workflow (duplicates are workflow-wide).</summary>
    public HashSet<string> NodeIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Edge ids seen so far, across every graph: an <see cref="ValidationError.EdgeId"/> must name one edge.</summary>
    public HashSet<string> EdgeIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Every node id of the workflow and the path of the graph that holds it (first occurrence), for clearer dangling-edge messages.</summary>
    public Dictionary<string, string> GraphOfNode { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Report(string code, string message, string path, string? nodeId = null, string? edgeId = null) =>
        _errors.Add(new ValidationError(code, message, path, nodeId, edgeId));
}
