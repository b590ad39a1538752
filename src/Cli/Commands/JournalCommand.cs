using System.CommandLine;
using System.Text.Json;
using Weft.Engine.Model;

namespace Weft.Cli.Commands;

/// <summary><c>weft journal --store DB INSTANCE</c>: every node attempt with status, timings and error.</summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store(required: true);
        var instance = new Argument<string>("instance") { Description = "The instance id." };
        var json = CommonOptions.Json();
        var command = new Command("journal", "Show an instance's journal: one row per node attempt.") { store, instance, json };
        command.SetAction((parse, cancellationToken) => RunSession.GuardAsync(async () =>
        {
            await using var engine = await LocalEngine.OpenAsync(parse.GetValue(store), cancellationToken);
            var id = parse.GetValue(instance)!;
            if (await engine.Store.GetInstanceAsync(id, cancellationToken) is null) throw new CliInputException($"Instance '{id}' does not exist.");
            foreach (var row in await engine.Store.GetJournalAsync(id, cancellationToken))
            {
                Console.WriteLine(parse.GetValue(json)
                    ? JsonSerializer.Serialize(row, WeftJson.Options)
                    : $"{row.StartedAt:HH:mm:ss.fff}  {row.NodeId,-20} {row.ActivityType,-14} #{row.Attempt} {row.Status,-11} {row.DurationMs,8:0.0} ms {row.Port} {row.Error?.Message}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
