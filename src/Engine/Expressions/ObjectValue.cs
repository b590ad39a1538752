using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Weft.Engine.Expressions;

/// <summary>An object built by an expression (literal, Object.fromEntries…): properties in insertion order. Never changed after it is built.</summary>
internal sealed class ObjectValue : IReadOnlyDictionary<string, object?>
{
    private readonly OrderedDictionary<string, object?> _properties;

    public ObjectValue(int capacity = 0) => _properties = new OrderedDictionary<string, object?>(capacity, StringComparer.Ordinal);

    /// <summary>Used only while the object is being built.</summary>
    internal void Set(string key, object? value) => _properties[key] = value;

    public int Count => _properties.Count;

    public object? this[string key] => _properties[key];

    public IEnumerable<string> Keys => _properties.Keys;

    public IEnumerable<object?> Values => _properties.Values;

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _properties.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
