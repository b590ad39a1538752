namespace Weft.Engine.Expressions;

/// <summary>
/// A template that does not compile, found by <see cref="ExpressionEngine.Check"/>: the JSON path of
/// the string holding it, the 0-based char index within that string, and what is wrong.
/// </summary>
public sealed record TemplateError(string Path, int Position, string Message);
