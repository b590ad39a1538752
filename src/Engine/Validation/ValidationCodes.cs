namespace Weft.Engine.Validation;

/// <summary>
/// The codes of <see cref="ValidationError.Code"/>. Stable strings: Studio and API clients match on them.
/// </summary>
public static class ValidationCodes
{
    /// <summary>The workflow id is empty or has characters other than letters, digits, '-', '_' and '.'.</summary>
    public const string InvalidId = nameof(InvalidId);

    /// <summary>A workflow input or variable has an empty name.</summary>
    public const string InvalidName = nameof(InvalidName);

    /// <summary>Two workflow inputs share a name.</summary>
    public const string DuplicateInputName = nameof(DuplicateInputName);

    /// <summary>Two workflow variables share a name.</summary>
    public const string DuplicateVariableName = nameof(DuplicateVariableName);

    /// <summary>A workflow input declares a type that is not one of <c>ValueTypes.All</c>.</summary>
    public const string InvalidInputType = nameof(InvalidInputType);

    /// <summary>A workflow variable declares a type that is not one of <c>ValueTypes.All</c>.</summary>
    public const string InvalidVariableType = nameof(InvalidVariableType);

    /// <summary>The default of a workflow input or variable does not fit its declared type.</summary>
    public const string DefaultTypeMismatch = nameof(DefaultTypeMismatch);

    /// <summary>A run-wide option is out of range (empty queue, max parallelism below 1).</summary>
    public const string InvalidOptions = nameof(InvalidOptions);

    /// <summary>A node id is empty or has characters other than letters, digits, '-' and '_'.</summary>
    public const string InvalidNodeId = nameof(InvalidNodeId);

    /// <summary>A node id is used twice in the workflow (container bodies included).</summary>
    public const string DuplicateNodeId = nameof(DuplicateNodeId);

    /// <summary>A node's type names no registered activity.</summary>
    public const string UnknownActivityType = nameof(UnknownActivityType);

    /// <summary>A required activity input is missing, null or an empty string.</summary>
    public const string MissingRequiredInput = nameof(MissingRequiredInput);

    /// <summary>A node sets an input its activity does not declare (usually a typo that would silently fall back to the default).</summary>
    public const string UnknownInput = nameof(UnknownInput);

    /// <summary>A literal input value's JSON kind does not fit the input's declared type.</summary>
    public const string InputTypeMismatch = nameof(InputTypeMismatch);

    /// <summary>A <c>{{ }}</c> template in an input value does not parse.</summary>
    public const string InvalidExpression = nameof(InvalidExpression);

    /// <summary>A node whose activity is not a container has a body.</summary>
    public const string BodyOnNonContainer = nameof(BodyOnNonContainer);

    /// <summary>A retry policy is out of range (max attempts below 1, negative intervals, backoff below 1).</summary>
    public const string InvalidRetryPolicy = nameof(InvalidRetryPolicy);

    /// <summary>A timeout, heartbeat timeout or execution timeout is zero or negative.</summary>
    public const string InvalidTimeout = nameof(InvalidTimeout);

    /// <summary>An edge has an empty id.</summary>
    public const string InvalidEdgeId = nameof(InvalidEdgeId);

    /// <summary>An edge id is used twice in the workflow (container bodies included).</summary>
    public const string DuplicateEdgeId = nameof(DuplicateEdgeId);

    /// <summary>An edge's source or target is not a node of the same graph.</summary>
    public const string DanglingEdge = nameof(DanglingEdge);

    /// <summary>An edge leaves from a port its source node does not have.</summary>
    public const string UnknownPort = nameof(UnknownPort);

    /// <summary>Nodes form a cycle (the graph must be a DAG; loops are containers).</summary>
    public const string Cycle = nameof(Cycle);

    /// <summary>A node no path from a start node reaches: it can never run.</summary>
    public const string UnreachableNode = nameof(UnreachableNode);
}
