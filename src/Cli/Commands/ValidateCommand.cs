using System.CommandLine;
using Weft.Engine.Expressions;
using Weft.Engine.Validation;

namespace Weft.Cli.Commands;

/// <summary><c>weft validate FILE.json</c>: every validation error with its node id and JSON path.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The workflow definition (JSON)." };
        var command = new Command("validate", "Check a workflow definition without running it.") { file };
        command.SetAction(parse => RunSession.GuardAsync(() =>
        {
            var path = parse.GetValue(file)!;
            var definition = DefinitionFile.Load(path);
            var errors = Validate(definition);
            if (errors.Count == 0)
            {
                Console.WriteLine($"{path}: valid ({definition.Nodes.Count} nodes, {definition.Edges.Count} edges).");
                return Task.FromResult(ExitCodes.Success);
            }
            Print(path, errors);
            return Task.FromResult(ExitCodes.RunFailed);
        }));
        return command;
    }

    public static IReadOnlyList<ValidationError> Validate(Weft.Engine.Model.WorkflowDefinition definition) =>
        new WorkflowValidator(LocalEngine.CreateRegistry(), ExpressionEngine.Default).Validate(definition).Errors;

    public static void Print(string path, IReadOnlyList<ValidationError> errors)
    {
        Console.Error.WriteLine($"{path}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}:");
        foreach (var error in errors)
            Console.Error.WriteLine($"  {error.Path}{(error.NodeId is null ? "" : $" [node {error.NodeId}]")}: {error.Code}: {error.Message}");
    }
}
