using Weft.Engine.Model;

namespace Weft.Engine.Validation;

/// <summary>Checks of the workflow's own fields: id, declared inputs and variables, run-wide options.</summary>
internal static class DefinitionChecks
{
    public static void Check(WorkflowDefinition definition, ValidationContext context)
    {
        CheckId(definition.Id, context);
        // A hand-written document may say "inputs": null; that reads as none, not as a crash.
        CheckInputs(definition.Inputs ?? [], context);
        CheckVariables(definition.Variables ?? [], context);
        CheckOptions(definition.Options ?? new WorkflowOptions(), context);
    }

    private static void CheckId(string id, ValidationContext context)
    {
        var path = JsonPath.Property(JsonPath.Root, "id");
        if (string.IsNullOrEmpty(id))
            context.Report(ValidationCodes.InvalidId, "The workflow id is empty.", path);
        else if (!Identifiers.IsValidWorkflowId(id))
            context.Report(ValidationCodes.InvalidId, $"The workflow id '{id}' may only contain letters, digits, '-', '_' and '.'.", path);
    }

    private static void CheckInputs(List<WorkflowInput> inputs, ValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = JsonPath.Property(JsonPath.Root, "inputs");
        for (var i = 0; i < inputs.Count; i++)
        {
            var path = JsonPath.Index(list, i);
            if (inputs[i] is not { } input)
            {
                context.Report(ValidationCodes.InvalidName, "A workflow input is null.", path);
                continue;
            }
            CheckName(input.Name, "input", ValidationCodes.DuplicateInputName, names, path, context);
            if (!ValueTypes.All.Contains(input.Type))
            {
                context.Report(ValidationCodes.InvalidInputType, $"Input '{input.Name}' has the unknown type '{input.Type}'; use one of {string.Join(", ", ValueTypes.All)}.", JsonPath.Property(path, "type"));
            }
            else if (!ValueTypes.Accepts(input.Type, input.Default))
            {
                context.Report(ValidationCodes.DefaultTypeMismatch, $"The default of input '{input.Name}' is not of type {input.Type}.", JsonPath.Property(path, "default"));
            }
        }
    }

    private static void CheckVariables(List<WorkflowVariable> variables, ValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = JsonPath.Property(JsonPath.Root, "variables");
        for (var i = 0; i < variables.Count; i++)
        {
            var path = JsonPath.Index(list, i);
            if (variables[i] is not { } variable)
            {
                context.Report(ValidationCodes.InvalidName, "A workflow variable is null.", path);
                continue;
            }
            CheckName(variable.Name, "variable", ValidationCodes.DuplicateVariableName, names, path, context);
            if (!ValueTypes.All.Contains(variable.Type))
            {
                context.Report(ValidationCodes.InvalidVariableType, $"Variable '{variable.Name}' has the unknown type '{variable.Type}'; use one of {string.Join(", ", ValueTypes.All)}.", JsonPath.Property(path, "type"));
            }
            else if (!ValueTypes.Accepts(variable.Type, variable.Default))
            {
                context.Report(ValidationCodes.DefaultTypeMismatch, $"The default of variable '{variable.Name}' is not of type {variable.Type}.", JsonPath.Property(path, "default"));
            }
        }
    }

    private static void CheckName(string name, string kind, string duplicateCode, HashSet<string> seen, string path, ValidationContext context)
    {
        var namePath = JsonPath.Property(path, "name");
        if (string.IsNullOrWhiteSpace(name))
            context.Report(ValidationCodes.InvalidName, $"A workflow {kind} has no name.", namePath);
        else if (!seen.Add(name))
            context.Report(duplicateCode, $"The workflow {kind} '{name}' is declared twice.", namePath);
    }

    private static void CheckOptions(WorkflowOptions options, ValidationContext context)
    {
        var path = JsonPath.Property(JsonPath.Root, "options");
        if (options.ExecutionTimeout is { } timeout && timeout <= TimeSpan.Zero)
            context.Report(ValidationCodes.InvalidTimeout, $"The execution timeout must be positive (was {timeout}); leave it out for no limit.", JsonPath.Property(path, "executionTimeout"));
        if (string.IsNullOrWhiteSpace(options.Queue))
            context.Report(ValidationCodes.InvalidOptions, "The queue name is empty; leave it out to run on 'default'.", JsonPath.Property(path, "queue"));
        if (options.MaxParallelism < 1)
            context.Report(ValidationCodes.InvalidOptions, $"Max parallelism must be at least 1 (was {options.MaxParallelism}).", JsonPath.Property(path, "maxParallelism"));
    }
}
