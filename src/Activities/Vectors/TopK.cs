namespace Weft.Activities.Vectors;

/// <summary>The k best (row, score) pairs seen so far: a min-heap on score, so the worst kept is at the root and a scan rejects most rows with one compare.</summary>
internal sealed class TopK
{
    private readonly int[] _rows;
    private readonly float[] _scores;

    public TopK(int k)
    {
        _rows = new int[k];
        _scores = new float[k];
    }

    public int Count { get; private set; }

    public bool IsFull => Count == _rows.Length;

    /// <summary>The lowest score kept; a new candidate must beat it once the heap is full.</summary>
    public float Floor => _scores[0];

    /// <summary>True when <paramref name="score"/> would enter the heap.</summary>
    public bool Admits(float score) => !IsFull || score > _scores[0];

    public void Add(int row, float score)
    {
        if (!IsFull)
        {
            var i = Count++;
            _rows[i] = row;
            _scores[i] = score;
            SiftUp(i);
        }
        else if (score > _scores[0])
        {
            _rows[0] = row;
            _scores[0] = score;
            SiftDown(0);
        }
    }

    /// <summary>The kept pairs, best first (ties by row, for a stable order).</summary>
    public (int Row, float Score)[] Sorted()
    {
        var result = new (int Row, float Score)[Count];
        for (var i = 0; i < Count; i++) result[i] = (_rows[i], _scores[i]);
        Array.Sort(result, static (x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Row.CompareTo(y.Row));
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_scores[parent] <= _scores[i]) return;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= Count) return;
            var smallest = left + 1 < Count && _scores[left + 1] < _scores[left] ? left + 1 : left;
            if (_scores[i] <= _scores[smallest]) return;
            Swap(i, smallest);
            i = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
    }
}
