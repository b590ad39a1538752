namespace Weft.Engine.Expressions;

// Calls: library functions (resolved by name at compile time), methods (resolved by name at
// compile time, by receiver type at run time), and the arrow functions passed to them.
internal sealed partial class Compiler
{
    private Evaluator CompileCall(CallNode call)
    {
        switch (call.Callee)
        {
            case MemberNode { Target: IdentifierNode { Name: var ns } } member when IsLibraryName(ns):
            {
                var fullName = ns + "." + member.Name;
                if (!Library.Functions.TryGetValue(fullName, out var function))
                    throw Error(member.Position, $"Unknown function {fullName}{Suggestion(Library.SuggestFunction(fullName))}");
                return CompileFunctionCall(function, call);
            }
            case IdentifierNode identifier when !TryGetParameter(identifier.Name, out _):
                if (Library.Functions.TryGetValue(identifier.Name, out var global)) return CompileFunctionCall(global, call);
                throw Error(identifier.Position, $"'{identifier.Name}' is not a function{Suggestion(Library.SuggestFunction(identifier.Name))}");
            case IdentifierNode parameter:
                throw Error(parameter.Position, $"'{parameter.Name}' is a parameter, not a function");
            case MemberNode member:
                return CompileMethodCall(member, call);
            default:
                throw Error(call.Position, "Only methods (x.trim()) and library functions (Math.max(a, b)) can be called");
        }
    }

    private Evaluator CompileFunctionCall(Builtin function, CallNode call)
    {
        var arguments = CompileArguments(call.Arguments, function.CallbackArguments, function.Name);
        var position = call.Position;
        return context =>
        {
            context.Charge(1, position);
            return function.Invoke(context, null, arguments.Evaluate(context, position), position);
        };
    }

    private Evaluator CompileMethodCall(MemberNode member, CallNode call)
    {
        var name = member.Name;
        if (name == "length") throw Error(member.Position, "'length' is a property, not a method: write x.length");
        if (!Library.IsMethod(name)) throw Error(member.Position, $"Unknown method '{name}'{Suggestion(Library.SuggestMethod(name))}");
        var methods = Library.Methods(name);
        var target = Compile(member.Target);
        var arguments = CompileArguments(call.Arguments, Library.MethodCallbackArguments(name), name);
        var position = call.Position;
        var optional = member.Optional;
        return context =>
        {
            var value = target(context);
            if (ReferenceEquals(value, Values.ChainBreak)) return value;
            if (value is null)
            {
                if (optional) return Values.ChainBreak;
                throw context.Error(position, $"Cannot call '{name}' of null");
            }
            var method = methods.For(value) ?? throw context.Error(position, $"'{name}' is not a method of {Values.TypeName(value)}");
            context.Charge(1, position);
            return method.Invoke(context, value, arguments.Evaluate(context, position), position);
        };
    }

    private ArgumentList CompileArguments(Node[] nodes, int callbackArguments, string callee)
    {
        var evaluators = new Evaluator[nodes.Length];
        bool[]? spread = null;
        for (var i = 0; i < nodes.Length; i++)
        {
            switch (nodes[i])
            {
                case ArrowFunctionNode arrow:
                    if (i >= 31 || (callbackArguments & (1 << i)) == 0)
                        throw Error(arrow.Position, $"{callee} does not take a function as argument {i + 1}");
                    var lambda = CompileLambda(arrow);
                    evaluators[i] = _ => lambda;
                    break;
                case SpreadNode s:
                    (spread ??= new bool[nodes.Length])[i] = true;
                    evaluators[i] = Compile(s.Argument);
                    break;
                default:
                    evaluators[i] = Compile(nodes[i]);
                    break;
            }
        }
        return new ArgumentList(evaluators, spread);
    }

    private Lambda CompileLambda(ArrowFunctionNode arrow)
    {
        var scope = new Dictionary<string, int>(StringComparer.Ordinal);
        int Allocate(string name) => scope[name] = _slots++;
        var bindings = arrow.Parameters.Select(p =>
            p.Name is not null ? new ParameterBinding(p.Position, Allocate(p.Name), null, null)
            : p.ArrayNames is not null ? new ParameterBinding(p.Position, -1, [.. p.ArrayNames.Select(n => n is null ? -1 : Allocate(n))], null)
            : new ParameterBinding(p.Position, -1, null, [.. p.ObjectNames!.Select(o => (o.Key, Allocate(o.Name)))])).ToArray();
        _parameterScopes.Add(scope);
        var body = Compile(arrow.Body);
        _parameterScopes.RemoveAt(_parameterScopes.Count - 1);
        // Charge a callback by the size of its body, so a large body run many times is bounded too.
        return new Lambda(bindings, body, Math.Max(1, arrow.Cost / 10), arrow.Position);
    }

    /// <summary>Compiled arguments; <c>...x</c> ones are expanded when evaluated.</summary>
    private sealed class ArgumentList(Evaluator[] evaluators, bool[]? spread)
    {
        public object?[] Evaluate(EvalContext context, int position)
        {
            if (evaluators.Length == 0) return [];
            if (spread is null)
            {
                var values = new object?[evaluators.Length];
                for (var i = 0; i < values.Length; i++) values[i] = evaluators[i](context);
                return values;
            }
            var expanded = new List<object?>();
            for (var i = 0; i < evaluators.Length; i++)
            {
                var value = evaluators[i](context);
                if (spread[i]) Spread(context, value, expanded, position);
                else expanded.Add(value);
            }
            return [.. expanded];
        }
    }

    /// <summary>Appends the elements of an array (or the chars of a string) for <c>...value</c>, checking the size first.</summary>
    private static void Spread(EvalContext context, object? value, List<object?> into, int position)
    {
        if (Values.AsList(value) is { } list)
        {
            context.ReserveCollection(into.Count + (long)list.Count, position);
            into.AddRange(list);
        }
        else if (value is string s)
        {
            context.ReserveCollection(into.Count + (long)s.Length, position);
            foreach (var c in s) into.Add(Values.CharString(c));
        }
        else throw context.Error(position, $"Cannot spread {Values.TypeName(value)}: only arrays and strings can be spread here");
    }
}
