using System.CommandLine;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Cli.Commands;

/// <summary><c>weft resume --store DB [--instance ID]</c>: continue what a stopped or killed run left in its store.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store(required: true);
        var instance = new Option<string?>("--instance") { Description = "Follow this instance (default: the newest unfinished one)." };
        var json = CommonOptions.Json();
        var command = new Command("resume", "Continue unfinished instances of a store, e.g. after the process was killed.") { store, instance, json };
        command.SetAction((parse, cancellationToken) => RunSession.GuardAsync(async () =>
        {
            await using var engine = await LocalEngine.OpenAsync(parse.GetValue(store), cancellationToken);
            var id = parse.GetValue(instance) ?? await NewestUnfinishedAsync(engine.Store, cancellationToken)
                ?? throw new CliInputException("The store has no unfinished instance.");
            var printer = new EventPrinter(Console.Out, parse.GetValue(json));
            return await RunSession.FollowAsync(engine, id, printer, cancellationToken);
        }));
        return command;
    }

    private static async Task<string?> NewestUnfinishedAsync(IWorkflowStore store, CancellationToken cancellationToken)
    {
        foreach (var status in new[] { InstanceStatus.Running, InstanceStatus.Pending, InstanceStatus.Suspended })
        {
            var page = await store.ListInstancesAsync(new InstanceQuery { Status = status, Take = 1 }, cancellationToken);
            if (page.Items.Count > 0) return page.Items[0].Id;
        }
        return null;
    }
}
