namespace Weft.Engine.Tests.Monitoring;

/// <summary>
/// A clock the test moves: <see cref="GetUtcNow"/> stands still until <see cref="Advance"/>. Timers stay real (the
/// runtime's polling keeps working); only "now" is controlled, so journal times and durations are exact.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Set(DateTimeOffset to) => Interlocked.Exchange(ref _ticks, to.UtcTicks);
}
