namespace Weft.Engine.Model;

/// <summary>
/// Entry point of code-first workflows: <c>Workflow.Create("id").Node(…).Edge(…).Build()</c> produces
/// the same <see cref="WorkflowDefinition"/> the equivalent JSON document would.
/// </summary>
public static class Workflow
{
    /// <param name="id">The workflow id (letters, digits, '-', '_', '.').</param>
    /// <param name="version">The definition version; default 0, "never saved" (the store assigns versions on save).</param>
    public static WorkflowBuilder Create(string id, int version = 0) => new(id, version);
}
