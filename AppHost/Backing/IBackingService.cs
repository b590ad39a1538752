namespace Weft.AppHost.Backing;

/// <summary>How the supervisor starts, checks and stops one backing service; <c>note</c> writes into the resource's console.</summary>
internal interface IBackingService
{
    Task<BackingStarted> StartAsync(Action<string> note, CancellationToken cancellationToken);

    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    Task StopAsync(Action<string> note, CancellationToken cancellationToken);
}

/// <param name="ProcessId">The server process when the AppHost runs one (PostgreSQL's postmaster).</param>
/// <param name="Endpoints">Where it is reached (shown in the dashboard), without secrets.</param>
internal sealed record BackingStarted(int? ProcessId, IReadOnlyList<string> Endpoints);
