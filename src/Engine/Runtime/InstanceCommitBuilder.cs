using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>What the runner changed since its last commit.</summary>
internal sealed class InstanceCommitBuilder
{
    public List<JournalEntry> Journal { get; } = [];
    public List<InstanceEvent> Events { get; } = [];
    public List<long> ConsumedSignals { get; } = [];
    public List<OutgoingSignal> Signals { get; } = [];

    private bool _changed;

    public bool HasChanges => _changed || Journal.Count > 0 || Events.Count > 0 || ConsumedSignals.Count > 0 || Signals.Count > 0;

    /// <summary>The state changed in a way no journal row or event shows.</summary>
    public void MarkChanged() => _changed = true;

    public void Clear()
    {
        Journal.Clear();
        Events.Clear();
        ConsumedSignals.Clear();
        Signals.Clear();
        _changed = false;
    }
}
