using System.Text.Json.Nodes;
using Weft.Engine.Expressions;

namespace Weft.Engine.Runtime;

/// <summary>
/// What expressions of a node can read: <c>input</c>, <c>vars</c>, <c>nodes.&lt;id&gt;</c> (its scope first, then the
/// enclosing scopes), <c>trigger</c>, <c>instance</c>, <c>secrets</c>, and the locals of the enclosing container
/// iterations (<c>item</c>, <c>index</c>, <c>iteration</c>…). Nothing is copied: lookups read the live state.
/// </summary>
internal sealed class RuntimeScope(InstanceRunContext run, string scopeKey) : IExpressionScope
{
    public bool TryGetRoot(string name, out object? value)
    {
        var state = run.State;
        switch (name)
        {
            case "input": value = state.Input; return true;
            case "vars": value = state.Variables; return true;
            case "nodes": value = new NodesView(run, scopeKey); return true;
            case "trigger": value = state.Trigger; return true;
            case "instance": value = run.InstanceInfo; return true;
            case "secrets": value = run.Secrets; return true;
        }
        for (var key = scopeKey; key is not null && state.Scopes.TryGetValue(key, out var scope); key = scope.Parent)
        {
            if (scope.Locals is { } locals && locals.TryGetPropertyValue(name, out var local))
            {
                value = local;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary><c>nodes</c>: each member is a node of this scope or an enclosing one.</summary>
    private sealed class NodesView(InstanceRunContext run, string scopeKey) : IExpressionObject
    {
        public bool TryGetMember(string name, out object? value)
        {
            for (var key = scopeKey; key is not null && run.State.Scopes.TryGetValue(key, out var scope); key = scope.Parent)
            {
                if (scope.Nodes.TryGetValue(name, out var node))
                {
                    value = new NodeView(node);
                    return true;
                }
            }
            value = null;
            return run.Definition.Graph.NodesById.ContainsKey(name) || run.IsBodyNode(name);
        }

        public IEnumerable<string> MemberNames =>
            run.State.Scopes.Values.SelectMany(s => s.Nodes.Keys).Distinct(StringComparer.Ordinal);
    }

    /// <summary><c>nodes.x</c>: output, port, status, attempt, error.</summary>
    private sealed class NodeView(NodeState node) : IExpressionObject
    {
        public bool TryGetMember(string name, out object? value)
        {
            switch (name)
            {
                case "output": value = node.Output; return true;
                case "port": value = node.Port; return true;
                case "status": value = node.Status.ToString(); return true;
                case "attempt": value = (double)node.Attempt; return true;
                case "error": value = node.Error is null ? null : ErrorJson.From(node.Error); return true;
                default: value = null; return false;
            }
        }

        public IEnumerable<string> MemberNames => ["output", "port", "status", "attempt", "error"];
    }
}

/// <summary>An <see cref="ActivityError"/> as the JSON that expressions, outputs and the API show.</summary>
internal static class ErrorJson
{
    public static JsonObject From(ActivityError error)
    {
        var json = new JsonObject { ["type"] = error.Type, ["message"] = error.Message };
        if (error.NodeId is not null) json["nodeId"] = error.NodeId;
        if (error.Attempt is not null) json["attempt"] = error.Attempt;
        if (error.Details is not null) json["details"] = error.Details.DeepClone();
        return json;
    }
}
