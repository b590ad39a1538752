using System.Text.Json.Nodes;

namespace Weft.Activities.Vectors;

/// <summary>
/// The in-memory copy of one collection that searches scan: unit vectors in fixed-size pages of
/// contiguous floats (no giant array to regrow and copy), ids and payloads by row, and the row of
/// each id. Deleting moves the last row into the hole, so rows stay dense. Not thread-safe: the
/// store guards it with a reader/writer lock.
/// </summary>
internal sealed class EmbeddedCollection(string name, int dimension, long version)
{
    private const int RowsPerPage = 1024;

    private readonly List<float[]> _pages = [];
    private readonly List<string> _ids = [];
    private readonly List<JsonObject> _payloads = [];
    private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public int Dimension { get; } = dimension;

    /// <summary>The <c>vector_collections.version</c> this copy reflects.</summary>
    public long Version { get; set; } = version;

    public int Count => _ids.Count;

    /// <summary>Inserts or replaces; <paramref name="unitVector"/> must already be normalised.</summary>
    public void Set(string id, ReadOnlySpan<float> unitVector, JsonObject payload)
    {
        if (!_rows.TryGetValue(id, out var row))
        {
            row = _ids.Count;
            if (row / RowsPerPage == _pages.Count) _pages.Add(new float[RowsPerPage * Dimension]);
            _ids.Add(id);
            _payloads.Add(payload);
            _rows[id] = row;
        }
        else
        {
            _payloads[row] = payload;
        }
        unitVector.CopyTo(RowSpan(row));
    }

    public bool Remove(string id)
    {
        if (!_rows.Remove(id, out var row)) return false;
        var last = _ids.Count - 1;
        if (row != last)
        {
            RowSpan(last).CopyTo(RowSpan(row));
            _ids[row] = _ids[last];
            _payloads[row] = _payloads[last];
            _rows[_ids[row]] = row;
        }
        _ids.RemoveAt(last);
        _payloads.RemoveAt(last);
        if (last % RowsPerPage == 0) _pages.RemoveAt(_pages.Count - 1);
        return true;
    }

    public string IdAt(int row) => _ids[row];

    public JsonObject PayloadAt(int row) => _payloads[row];

    public List<string> Matching(VectorFilter filter)
    {
        var ids = new List<string>();
        for (var row = 0; row < _ids.Count; row++)
        {
            if (filter.Matches(_payloads[row])) ids.Add(_ids[row]);
        }
        return ids;
    }

    /// <summary>
    /// Exact top-k by dot product with <paramref name="unitQuery"/> (= cosine, every row being a unit
    /// vector). The filter is only evaluated for rows whose score would enter the top k.
    /// </summary>
    public (int Row, float Score)[] Search(ReadOnlySpan<float> unitQuery, int k, float? threshold, VectorFilter? filter)
    {
        var top = new TopK(Math.Min(k, Math.Max(1, _ids.Count)));
        var floor = threshold ?? float.NegativeInfinity;
        var test = filter is { IsEmpty: false } ? filter : null;
        var count = _ids.Count;
        var dimension = Dimension;
        for (var page = 0; page < _pages.Count; page++)
        {
            var data = _pages[page];
            var first = page * RowsPerPage;
            var rows = Math.Min(RowsPerPage, count - first);
            for (var r = 0; r < rows; r++)
            {
                var score = VectorMath.Dot(unitQuery, new ReadOnlySpan<float>(data, r * dimension, dimension));
                if (score < floor || !top.Admits(score)) continue;
                if (test is not null && !test.Matches(_payloads[first + r])) continue;
                top.Add(first + r, score);
            }
        }
        return top.Sorted();
    }

    private Span<float> RowSpan(int row) => new(_pages[row / RowsPerPage], row % RowsPerPage * Dimension, Dimension);
}
