using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Weft.Engine.Activities.Core;
using Weft.Engine.Activities.Http;
using Weft.Engine.Expressions;
using Weft.Engine.Model;

namespace Weft.WorkflowServer.Triggers;

/// <summary>
/// Turns the <c>http.trigger</c> start nodes of a definition into <see cref="TriggerRoute"/>s. Only
/// top-level nodes without incoming edges count, and only literal inputs: a route or method
/// computed by an expression cannot be known before a request arrives. A node that cannot be
/// compiled is reported (logged by the caller) and left out; the rest of the definition still answers.
/// </summary>
internal sealed class TriggerRouteCompiler(IInlineConstraintResolver constraintResolver)
{
    public IReadOnlyList<TriggerRoute> Compile(WorkflowDefinition definition, ICollection<string> problems)
    {
        var targets = definition.Edges.Select(e => e.Target).ToHashSet(StringComparer.Ordinal);
        var routes = new List<TriggerRoute>();
        foreach (var node in definition.Nodes)
        {
            if (node.Type != HttpTriggerActivity.Type || targets.Contains(node.Id)) continue;
            try
            {
                routes.Add(CompileNode(definition, node));
            }
            catch (TriggerRouteException ex)
            {
                problems.Add($"Workflow '{definition.Id}' v{definition.Version}, node '{node.Id}': {ex.Message} The trigger is not published.");
            }
        }
        return routes;
    }

    private TriggerRoute CompileNode(WorkflowDefinition definition, NodeDefinition node)
    {
        var defaults = new HttpTriggerInputs();
        var template = Literal(node, "route") ?? throw new TriggerRouteException("input 'route' is missing.");
        template = template.Trim().Trim('/');
        if (template.StartsWith("workflows/", StringComparison.OrdinalIgnoreCase) && template.Length > "workflows/".Length)
            template = template["workflows/".Length..]; // tolerate the prefix written out

        var method = (Literal(node, "method") ?? defaults.Method).Trim().ToUpperInvariant();
        if (!HttpTriggerActivity.Methods.Contains(method))
            throw new TriggerRouteException($"input 'method' is '{method}'; use one of {string.Join(", ", HttpTriggerActivity.Methods)}.");

        var mode = (Literal(node, "mode") ?? defaults.Mode).Trim().ToLowerInvariant();
        if (!HttpTriggerActivity.Modes.Contains(mode))
            throw new TriggerRouteException($"input 'mode' is '{mode}'; use {string.Join(" or ", HttpTriggerActivity.Modes)}.");

        var timeout = defaults.Timeout;
        if (node.Inputs.TryGetValue("timeout", out var timeoutValue) && timeoutValue is not null
            && (!DurationParser.TryParse(timeoutValue, out timeout) || timeout <= TimeSpan.Zero))
            throw new TriggerRouteException($"input 'timeout' ({timeoutValue.ToJsonString()}) is not a positive duration; use {DurationParser.Forms}.");

        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(template);
        }
        catch (RoutePatternException ex)
        {
            throw new TriggerRouteException($"route '{template}' is not a valid route template: {ex.Message}");
        }

        var routeTemplate = new RouteTemplate(pattern);
        return new TriggerRoute
        {
            DefinitionId = definition.Id,
            Version = definition.Version,
            NodeId = node.Id,
            Method = method,
            Template = template,
            Shape = Shape(pattern),
            Matcher = new TemplateMatcher(routeTemplate, new RouteValueDictionary(pattern.Defaults)),
            Constraints = Constraints(pattern, template),
            Precedence = RoutePrecedence.ComputeInbound(routeTemplate),
            IsAsync = mode == HttpTriggerActivity.Async,
            Timeout = timeout,
            IdempotencyKey = IdempotencyKeyTemplate(node),
            Inputs = definition.Inputs,
        };
    }

    /// <summary>Inline constraints (<c>{id:int}</c>), resolved the way ASP.NET Core routing does.</summary>
    private Dictionary<string, IRouteConstraint> Constraints(RoutePattern pattern, string template)
    {
        var constraints = new Dictionary<string, IRouteConstraint>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in pattern.Parameters)
        {
            var resolved = new List<IRouteConstraint>();
            foreach (var policy in parameter.ParameterPolicies)
            {
                var constraint = policy.Content is { } text ? constraintResolver.ResolveConstraint(text) : policy.ParameterPolicy as IRouteConstraint;
                resolved.Add(constraint ?? throw new TriggerRouteException(
                    $"route '{template}' uses the unknown constraint '{policy.Content}' on parameter '{parameter.Name}'."));
            }
            if (resolved.Count == 0) continue;
            IRouteConstraint combined = resolved.Count == 1 ? resolved[0] : new CompositeRouteConstraint(resolved);
            constraints[parameter.Name] = parameter.IsOptional ? new OptionalRouteConstraint(combined) : combined;
        }
        return constraints;
    }

    /// <summary>The <c>idempotencyKey</c> input compiled once at publish time; a syntax error keeps the trigger unpublished.</summary>
    private static CompiledTemplate? IdempotencyKeyTemplate(NodeDefinition node)
    {
        if (!node.Inputs.TryGetValue("idempotencyKey", out var value) || value is null) return null;
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>()))
            throw new TriggerRouteException($"input 'idempotencyKey' must be a non-empty string such as \"{{{{ input.requestId }}}}\", not {value.ToJsonString()}.");
        try
        {
            return ExpressionEngine.Default.CompileTemplate(v.GetValue<string>());
        }
        catch (ExpressionSyntaxException ex)
        {
            throw new TriggerRouteException($"input 'idempotencyKey' is not a valid template: {ex.Message}");
        }
    }

    /// <summary><c>orders/{id:int}</c> and <c>Orders/{orderId:int}</c> have the same shape: <c>orders/{:int}</c>.</summary>
    private static string Shape(RoutePattern pattern)
    {
        var shape = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            if (shape.Length > 0) shape.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        shape.Append(literal.Content.ToLowerInvariant());
                        break;
                    case RoutePatternSeparatorPart separator:
                        shape.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        shape.Append('{').Append(parameter.IsCatchAll ? "*" : "").Append(parameter.IsOptional ? "?" : "");
                        foreach (var policy in parameter.ParameterPolicies) shape.Append(':').Append(policy.Content);
                        shape.Append('}');
                        break;
                }
            }
        }
        return shape.ToString();
    }

    /// <summary>The text of a literal string input; null when absent. An expression is refused: routes are fixed at publish time.</summary>
    private static string? Literal(NodeDefinition node, string name)
    {
        if (!node.Inputs.TryGetValue(name, out var value) || value is null) return null;
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            throw new TriggerRouteException($"input '{name}' must be a string, not {value.ToJsonString()}.");
        var text = v.GetValue<string>();
        if (text.Contains("{{", StringComparison.Ordinal))
            throw new TriggerRouteException($"input '{name}' is an expression ('{text}'); a trigger's {name} must be a literal, known when the definition is published.");
        return text;
    }
}

internal sealed class TriggerRouteException(string message) : Exception(message);
