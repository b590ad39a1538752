namespace Weft.Engine.Expressions;

/// <summary>
/// The roots an expression can read (<c>input</c>, <c>vars</c>, <c>nodes</c>, <c>trigger</c>,
/// <c>instance</c>, <c>secrets</c>, <c>item</c>, <c>index</c>…). A root's value is a
/// <see cref="System.Text.Json.Nodes.JsonNode"/> (or null), a string, double or bool, or an
/// <see cref="IExpressionObject"/> whose members are looked up only when read.
/// </summary>
public interface IExpressionScope
{
    bool TryGetRoot(string name, out object? value);
}

/// <summary>An object whose members are produced on demand (e.g. <c>nodes</c>: one member per node id).</summary>
public interface IExpressionObject
{
    /// <summary>The member's value, in the same value model as <see cref="IExpressionScope"/>.</summary>
    bool TryGetMember(string name, out object? value);

    IEnumerable<string> MemberNames { get; }
}
