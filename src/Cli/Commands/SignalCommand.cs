using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Storage;

namespace Weft.Cli.Commands;

/// <summary><c>weft signal --store DB INSTANCE NAME [--payload JSON]</c>: deliver a signal, then run the instance on.</summary>
internal static class SignalCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store(required: true);
        var instance = new Argument<string>("instance") { Description = "The instance id." };
        var name = new Argument<string>("name") { Description = "The signal name, as the signal.wait node expects it." };
        var payload = new Option<string?>("--payload", "-p") { Description = "The signal's payload (JSON)." };
        var json = CommonOptions.Json();
        var command = new Command("signal", "Send a signal to an instance and run it until it ends or waits again.") { store, instance, name, payload, json };
        command.SetAction((parse, cancellationToken) => RunSession.GuardAsync(async () =>
        {
            JsonNode? body = null;
            if (parse.GetValue(payload) is { } text)
            {
                try { body = JsonNode.Parse(text); }
                catch (JsonException ex) { throw new CliInputException($"--payload is not valid JSON: {ex.Message}"); }
            }
            await using var engine = await LocalEngine.OpenAsync(parse.GetValue(store), cancellationToken);
            var id = parse.GetValue(instance)!;
            var delivery = await engine.Client.SignalAsync(id, parse.GetValue(name)!, body, cancellationToken);
            if (delivery != SignalDelivery.Accepted)
                throw new CliInputException(delivery == SignalDelivery.InstanceNotFound ? $"Instance '{id}' does not exist." : $"Instance '{id}' has ended; it takes no signals.");
            return await RunSession.FollowAsync(engine, id, new EventPrinter(Console.Out, parse.GetValue(json)), cancellationToken);
        }));
        return command;
    }
}
