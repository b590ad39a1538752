namespace Weft.AppHost.Otlp;

/// <summary>Kept and dropped counts of one retention buffer, as the dashboard shows them.</summary>
public sealed record RetentionCount(int Kept, int Capacity, long Received, long Dropped);

/// <summary>
/// A fixed-capacity buffer that keeps the newest items: adding to a full buffer overwrites the oldest
/// and counts it as dropped. One short lock per batch keeps ingestion cheap; readers copy under it.
/// </summary>
internal sealed class RingBuffer<T>
{
    private readonly T[] _items;
    private readonly Lock _lock = new();
    private int _start;
    private int _count;
    private long _received;
    private long _dropped;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    public void AddRange(List<T> batch)
    {
        lock (_lock)
        {
            _received += batch.Count;
            foreach (var item in batch)
            {
                var end = _start + _count;
                if (end >= _items.Length) end -= _items.Length;
                _items[end] = item;
                if (_count < _items.Length) _count++;
                else
                {
                    _start = _start + 1 == _items.Length ? 0 : _start + 1;
                    _dropped++;
                }
            }
        }
    }

    /// <summary>The items kept now, oldest first.</summary>
    public T[] Snapshot()
    {
        lock (_lock)
        {
            var copy = new T[_count];
            var firstRun = Math.Min(_count, _items.Length - _start);
            Array.Copy(_items, _start, copy, 0, firstRun);
            Array.Copy(_items, 0, copy, firstRun, _count - firstRun);
            return copy;
        }
    }

    public RetentionCount Count()
    {
        lock (_lock) return new RetentionCount(_count, _items.Length, _received, _dropped);
    }
}
