using Weft.Engine.Runtime;

namespace Weft.Cli;

/// <summary>
/// Follows one instance while the local runtime runs it: prints its events live, stops when it ends
/// or waits only for a signal, then prints anything it missed from the store and the result.
/// </summary>
internal static class RunSession
{
    public static async Task<int> FollowAsync(LocalEngine engine, string instanceId, EventPrinter printer, CancellationToken cancellationToken)
    {
        using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in engine.Runtime.Events.SubscribeAsync(instanceId, following.Token))
                    lock (printer) printer.Print(e);
            }
            catch (OperationCanceledException) { /* done */ }
        }, CancellationToken.None);

        await engine.Runtime.StartAsync(cancellationToken);
        InstanceSnapshot snapshot;
        while (true)
        {
            snapshot = await engine.Client.GetAsync(instanceId, cancellationToken)
                ?? throw new CliInputException($"Instance '{instanceId}' does not exist in this store.");
            if (snapshot.Status.IsFinal()) break;
            // Suspended with nothing timed: only a signal can move it on.
            if (snapshot.Status == InstanceStatus.Suspended && snapshot.CurrentNodes.All(n => n.DueAt is null)) break;
            await Task.Delay(25, cancellationToken);
        }

        await following.CancelAsync();
        await live;
        foreach (var e in await engine.Store.GetEventsAsync(instanceId, printer.LastSequence, 10_000, cancellationToken))
            printer.Print(e);
        printer.PrintResult(instanceId, snapshot);
        return snapshot.Status is InstanceStatus.Completed or InstanceStatus.Suspended ? ExitCodes.Success : ExitCodes.RunFailed;
    }

    /// <summary>Runs a command body, mapping input problems to exit code 2 and surprises to 3.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliInputException ex)
        {
            Console.Error.WriteLine("weft: " + ex.Message);
            return ExitCodes.BadInput;
        }
        catch (WorkflowStartException ex)
        {
            Console.Error.WriteLine("weft: cannot start: " + ex.Message);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("weft: interrupted; what completed is stored and `weft resume` continues it.");
            return ExitCodes.RunFailed;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("weft: internal error: " + ex);
            return ExitCodes.InternalError;
        }
    }
}
