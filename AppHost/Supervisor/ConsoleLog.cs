using Weft.AppHost.Dashboard;

namespace Weft.AppHost.Supervisor;

/// <summary>
/// Every resource's console output, line by line with a timestamp and a per-resource sequence, the newest
/// <c>capacity</c> lines kept per resource (a chatty service cannot grow the AppHost without bound).
/// </summary>
internal sealed class ConsoleLog(int capacity, TimeProvider time)
{
    private readonly Dictionary<string, Buffer> _buffers = new(StringComparer.Ordinal);

    public event Action<ConsoleLine>? Written;

    public void Append(string resource, bool isError, string text)
    {
        ConsoleLine line;
        lock (_buffers)
        {
            if (!_buffers.TryGetValue(resource, out var buffer))
                _buffers[resource] = buffer = new Buffer();
            line = new ConsoleLine(resource, ++buffer.LastSequence, time.GetUtcNow(), isError, text);
            buffer.Lines.Enqueue(line);
            if (buffer.Lines.Count > capacity)
                buffer.Lines.Dequeue();
        }

        Written?.Invoke(line);
    }

    public IReadOnlyList<ConsoleLine> Read(string resource, long afterSequence, int max)
    {
        lock (_buffers)
        {
            return _buffers.TryGetValue(resource, out var buffer)
                ? buffer.Lines.Where(l => l.Sequence > afterSequence).Take(Math.Max(0, max)).ToList()
                : [];
        }
    }

    private sealed class Buffer
    {
        public Queue<ConsoleLine> Lines { get; } = new();

        public long LastSequence { get; set; }
    }
}
