namespace Weft.Engine.Expressions;

/// <summary>
/// A problem with an expression or template, with the 0-based char index in
/// <see cref="Expression"/> where it happened. The message ends with "at {position}".
/// </summary>
public class ExpressionException : Exception
{
    public ExpressionException(string description, string expression, int position, Exception? inner = null)
        : base($"{description} at {position}", inner)
    {
        Description = description;
        Expression = expression;
        Position = position;
    }

    public ExpressionException() : this("The expression is invalid", "", 0) { }

    public ExpressionException(string message) : this(message, "", 0) { }

    public ExpressionException(string message, Exception inner) : this(message, "", 0, inner) { }

    /// <summary>The expression or template text the position refers to.</summary>
    public string Expression { get; }

    /// <summary>0-based char index into <see cref="Expression"/>.</summary>
    public int Position { get; }

    /// <summary>The message without the trailing position.</summary>
    internal string Description { get; }
}

/// <summary>The text is not a valid expression or template (also: too long or nested too deeply).</summary>
public sealed class ExpressionSyntaxException : ExpressionException
{
    public ExpressionSyntaxException(string description, string expression, int position)
        : base(description, expression, position) { }

    public ExpressionSyntaxException() { }

    public ExpressionSyntaxException(string message) : base(message) { }

    public ExpressionSyntaxException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Evaluation failed the way JavaScript would throw: reading a member of null without <c>?.</c>,
/// a method the value does not have, a bad argument, invalid JSON for <c>JSON.parse</c>…
/// </summary>
public sealed class ExpressionRuntimeException : ExpressionException
{
    public ExpressionRuntimeException(string description, string expression, int position, Exception? inner = null)
        : base(description, expression, position, inner) { }

    public ExpressionRuntimeException() { }

    public ExpressionRuntimeException(string message) : base(message) { }

    public ExpressionRuntimeException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Evaluation would exceed one of the <see cref="ExpressionLimits"/>; raised before allocating.</summary>
public sealed class ExpressionLimitException : ExpressionException
{
    public ExpressionLimitException(string description, string expression, int position)
        : base(description, expression, position) { }

    public ExpressionLimitException() { }

    public ExpressionLimitException(string message) : base(message) { }

    public ExpressionLimitException(string message, Exception inner) : base(message, inner) { }
}
