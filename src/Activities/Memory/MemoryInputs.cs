using Weft.Engine.Activities;

namespace Weft.Activities.Memory;

/// <summary>Input checks shared by the memory activities.</summary>
internal static class MemoryInputs
{
    public static MemoryScope Scope(string? userId, string? agentId, string? runId, string node)
    {
        var scope = new MemoryScope(Blank(userId), Blank(agentId), Blank(runId));
        if (scope.IsEmpty)
            throw ActivityException.Validation($"Node '{node}' needs a scope: at least one of the inputs 'userId', 'agentId' and 'runId'.");
        return scope;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
