namespace Weft.WorkflowServer.Api;

/// <summary>
/// Serializes this process's definition writes that check before they save ("create: 409 when the id
/// exists", import's all-or-nothing), so two concurrent creates of one id cannot both succeed here.
/// </summary>
internal sealed class DefinitionWriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
