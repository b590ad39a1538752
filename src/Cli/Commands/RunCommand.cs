using System.CommandLine;
using Weft.Engine.Runtime;

namespace Weft.Cli.Commands;

/// <summary><c>weft run FILE.json</c>: validate, run to the end (or to a signal wait), print events and the output.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The workflow definition (JSON)." };
        var input = new Option<string?>("--input", "-i") { Description = "The workflow input as a JSON object." };
        var inputFile = new Option<string?>("--input-file", "-f") { Description = "Read the input from this JSON file (or pipe it on stdin)." };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var instanceId = new Option<string?>("--instance-id") { Description = "Choose the instance id (starting twice with one id is idempotent)." };
        var command = new Command("run", "Run a workflow definition locally.") { file, input, inputFile, store, json, instanceId };
        command.SetAction((parse, cancellationToken) => RunSession.GuardAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            var definition = DefinitionFile.Load(path);
            var errors = ValidateCommand.Validate(definition);
            if (errors.Count > 0)
            {
                ValidateCommand.Print(path, errors);
                return ExitCodes.BadInput;
            }
            var payload = InputReader.Read(parse.GetValue(input), parse.GetValue(inputFile));
            await using var engine = await LocalEngine.OpenAsync(parse.GetValue(store), cancellationToken);
            var version = await engine.Store.SaveDefinitionAsync(definition, cancellationToken);
            var id = parse.GetValue(instanceId) ?? Guid.CreateVersion7().ToString("N");
            var printer = new EventPrinter(Console.Out, parse.GetValue(json));
            // Start before following: the runtime's workers are not running yet, so no event can be missed.
            await engine.Client.StartAsync(new StartRequest { DefinitionId = definition.Id, Version = version, Input = payload, InstanceId = id }, cancellationToken);
            return await RunSession.FollowAsync(engine, id, printer, cancellationToken);
        }));
        return command;
    }
}
