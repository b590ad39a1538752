using System.Collections;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>An array built by an expression (literal, map, filter…). Never changed after it is built.</summary>
internal sealed class ArrayValue(object?[] items) : IReadOnlyList<object?>
{
    public static readonly ArrayValue Empty = new([]);

    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();
}

/// <summary>A read-only view of a <see cref="JsonArray"/> whose elements come out in the engine's value model.</summary>
internal sealed class JsonArrayView(JsonArray array) : IReadOnlyList<object?>
{
    public int Count => array.Count;

    public object? this[int index] => Values.FromNode(array[index]);

    public IEnumerator<object?> GetEnumerator()
    {
        for (var i = 0; i < array.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
