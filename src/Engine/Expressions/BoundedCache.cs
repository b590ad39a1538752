using System.Collections.Concurrent;

namespace Weft.Engine.Expressions;

/// <summary>
/// Compiled expressions by text. Bounded the simplest way that cannot leak: past
/// <see cref="Capacity"/> entries it is cleared and refills with what is still in use.
/// </summary>
internal sealed class BoundedCache<T>(int capacity) where T : class
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);
    private int _count;

    public int Capacity { get; } = capacity;

    public T GetOrAdd(string key, Func<string, T> create)
    {
        if (_entries.TryGetValue(key, out var existing)) return existing;
        var created = create(key);
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }
        // GetOrAdd, so that concurrent first uses of one text all get the same instance.
        return _entries.GetOrAdd(key, created);
    }
}
