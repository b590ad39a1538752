namespace Weft.Engine.Expressions;

/// <summary>
/// Bounds on what one expression may be and may build, so that a workflow author (or an
/// attacker writing one) cannot exhaust memory or CPU. Parse-time limits
/// (<see cref="MaxExpressionLength"/>, <see cref="MaxDepth"/>) surface as
/// <see cref="ExpressionSyntaxException"/>; run-time limits as <see cref="ExpressionLimitException"/>,
/// raised before the oversized value is allocated.
/// </summary>
public sealed record ExpressionLimits
{
    /// <summary>Longest string an expression may build, in UTF-16 chars. Default 1,000,000.</summary>
    public int MaxStringLength { get; init; } = 1_000_000;

    /// <summary>Most elements (or properties) an array (or object) built by an expression may hold. Default 100,000.</summary>
    public int MaxCollectionLength { get; init; } = 100_000;

    /// <summary>
    /// Work budget of one evaluation. Default 1,000,000. Charged: 1 per library call; per
    /// callback invocation 1 for every 10 operations of the arrow body (at least 1); 1 per element a
    /// library function visits or builds; 1 per 16 characters of text built (1 per 256 scanned);
    /// 1 per node of a result converted to JSON (a subtree read from the scope counts 1 the first
    /// time it appears in the result and its full size each further time).
    /// </summary>
    public int MaxSteps { get; init; } = 1_000_000;

    /// <summary>
    /// Deepest syntactic nesting (parentheses, brackets, calls, unary operators, ternaries, member
    /// chains) an expression may have; also the deepest nesting of values the engine walks when it
    /// serializes, flattens or converts them. Default 64 (the System.Text.Json default).
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Longest expression text (one <c>{{ }}</c> part of a template), in chars. Default 10,000.</summary>
    public int MaxExpressionLength { get; init; } = 10_000;

    /// <summary>The defaults above.</summary>
    public static ExpressionLimits Default { get; } = new();
}
