namespace Weft.Engine.Expressions;

/// <summary>
/// A scope whose roots come from a dictionary (a live view: later changes are seen). Values follow
/// the scope's value model: JsonNode (or null), string, double, bool, <see cref="IExpressionObject"/>;
/// other numbers (int, long…) are accepted too.
/// </summary>
public sealed class DictionaryScope : IExpressionScope
{
    public DictionaryScope() : this(new Dictionary<string, object?>(StringComparer.Ordinal)) { }

    public DictionaryScope(IDictionary<string, object?> roots) => Roots = roots;

    public IDictionary<string, object?> Roots { get; }

    public object? this[string name]
    {
        get => Roots.TryGetValue(name, out var value) ? value : null;
        set => Roots[name] = value;
    }

    /// <summary>Sets a root; returns this scope, for chaining.</summary>
    public DictionaryScope Set(string name, object? value)
    {
        Roots[name] = value;
        return this;
    }

    public bool TryGetRoot(string name, out object? value) => Roots.TryGetValue(name, out value);
}
