namespace Weft.WorkflowServer.Tests.Monitoring;

/// <summary>
/// The server's clock in monitoring tests: "now" stands still until the test (or <see cref="AdvanceActivity"/>) moves it.
/// Timers stay real, so the runtime's polling and the alert monitor's interval keep running.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Set(DateTimeOffset to) => Interlocked.Exchange(ref _ticks, to.UtcTicks);
}
