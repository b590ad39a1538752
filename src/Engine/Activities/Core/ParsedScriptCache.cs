using JintProgram = Jint.Parser.Ast.Program;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// Parsed scripts by their exact text, least recently used evicted first. A parsed program is
/// immutable while it runs, so one parse serves every engine, on any thread. Parsing happens
/// outside the lock; two threads missing on the same text may both parse it (harmless).
/// </summary>
internal sealed class ParsedScriptCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, JintProgram>>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, JintProgram>> _recency = new();
    private long _parses;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>How many times a script was actually parsed (cache misses).</summary>
    public long Parses => Interlocked.Read(ref _parses);

    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    public JintProgram GetOrParse(string code, Func<string, JintProgram> parse)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(code, out var hit))
            {
                _recency.Remove(hit);
                _recency.AddFirst(hit);
                return hit.Value.Value;
            }
        }

        Interlocked.Increment(ref _parses);
        var program = parse(code);

        lock (_gate)
        {
            if (_entries.TryGetValue(code, out var raced)) return raced.Value.Value;
            _entries[code] = _recency.AddFirst(new KeyValuePair<string, JintProgram>(code, program));
            if (_entries.Count > Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
        }
        return program;
    }
}
