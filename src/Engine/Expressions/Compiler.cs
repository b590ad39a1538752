namespace Weft.Engine.Expressions;

/// <summary>
/// Turns the syntax tree into a tree of closures, resolving at compile time everything that can
/// be: library functions and constants, method names, arrow-parameter slots, and operator
/// specializations for the common shapes (<c>x &gt; 3</c>, <c>x != null</c>). Errors found here
/// (unknown function or method) are syntax errors, so validation reports them before a run.
/// </summary>
internal sealed partial class Compiler
{
    private readonly string _source;
    private readonly List<Dictionary<string, int>> _parameterScopes = [];
    private int _slots;

    private Compiler(string source) => _source = source;

    public static CompiledCode Compile(Node node, string source)
    {
        var compiler = new Compiler(source);
        var evaluate = compiler.Compile(node);
        return new CompiledCode(evaluate, compiler._slots);
    }

    private ExpressionSyntaxException Error(int position, string message) => new(message, _source, position);

    private Evaluator Compile(Node node) => node switch
    {
        LiteralNode literal => CompileLiteral(literal.Value),
        IdentifierNode identifier => CompileIdentifier(identifier),
        MemberNode member => CompileMember(member),
        IndexNode index => CompileIndex(index),
        CallNode call => CompileCall(call),
        OptionalChainNode chain => CompileOptionalChain(chain),
        UnaryNode unary => CompileUnary(unary),
        BinaryNode binary => CompileBinary(binary),
        ConditionalNode conditional => CompileConditional(conditional),
        TemplateLiteralNode template => CompileTemplateLiteral(template),
        ArrayLiteralNode array => CompileArrayLiteral(array),
        ObjectLiteralNode obj => CompileObjectLiteral(obj),
        ArrowFunctionNode arrow => throw Error(arrow.Position, "Arrow functions can only be passed as arguments, e.g. items.map(x => x.name)"),
        SpreadNode spread => throw Error(spread.Position, "'...' (spread) is only allowed in array literals, object literals and arguments"),
        _ => throw new InvalidOperationException($"Unknown syntax node {node.GetType().Name}"),
    };

    private static Evaluator CompileLiteral(object? value)
    {
        var boxed = value is double d ? Values.Box(d) : value;
        return _ => boxed;
    }

    private bool TryGetParameter(string name, out int slot)
    {
        for (var i = _parameterScopes.Count - 1; i >= 0; i--)
            if (_parameterScopes[i].TryGetValue(name, out slot)) return true;
        slot = -1;
        return false;
    }

    private bool IsLibraryName(string name) => !TryGetParameter(name, out _) && Library.Namespaces.Contains(name);

    private Evaluator CompileIdentifier(IdentifierNode identifier)
    {
        var name = identifier.Name;
        if (TryGetParameter(name, out var slot)) return context => context.Locals[slot];
        if (Library.Namespaces.Contains(name))
            throw Error(identifier.Position, $"'{name}' is the library's: use its members, e.g. {name}.{(name == "Math" ? "max(a, b)" : name == "JSON" ? "stringify(x)" : name == "Array" ? "isArray(x)" : name == "Number" ? "isInteger(x)" : "keys(x)")}");
        if (Library.Functions.ContainsKey(name)) throw Error(identifier.Position, $"'{name}' is a function: call it, e.g. {name}(x)");
        var position = identifier.Position;
        return context => context.Scope.TryGetRoot(name, out var value)
            ? Values.FromScope(value)
            : throw context.Error(position, $"'{name}' is not defined");
    }

    private Evaluator CompileMember(MemberNode member)
    {
        var name = member.Name;
        var position = member.Position;
        if (member.Target is IdentifierNode { Name: var ns } && IsLibraryName(ns))
        {
            var fullName = ns + "." + name;
            if (Library.Constants.TryGetValue(fullName, out var constant)) return CompileLiteral(constant);
            if (Library.Functions.ContainsKey(fullName)) throw Error(position, $"{fullName} is a function: call it, e.g. {fullName}(…)");
            throw Error(position, $"Unknown library member {fullName}{Suggestion(Library.SuggestFunction(fullName))}");
        }
        var target = Compile(member.Target);
        if (member.Optional)
        {
            return context =>
            {
                var value = target(context);
                return value is null || ReferenceEquals(value, Values.ChainBreak) ? Values.ChainBreak : Members.Get(context, value, name, position);
            };
        }
        return context =>
        {
            var value = target(context);
            return ReferenceEquals(value, Values.ChainBreak) ? value : Members.Get(context, value, name, position);
        };
    }

    private Evaluator CompileIndex(IndexNode index)
    {
        var target = Compile(index.Target);
        var key = Compile(index.Index);
        var position = index.Position;
        var optional = index.Optional;
        return context =>
        {
            var value = target(context);
            if (ReferenceEquals(value, Values.ChainBreak)) return value;
            if (value is null && optional) return Values.ChainBreak;
            return Members.GetIndex(context, value, key(context), position);
        };
    }

    private Evaluator CompileOptionalChain(OptionalChainNode chain)
    {
        var inner = Compile(chain.Expression);
        return context =>
        {
            var value = inner(context);
            return ReferenceEquals(value, Values.ChainBreak) ? null : value;
        };
    }

    private Evaluator CompileUnary(UnaryNode unary)
    {
        var operand = Compile(unary.Operand);
        return unary.Operator switch
        {
            "!" => context => Values.IsTruthy(operand(context)) ? Values.False : Values.True,
            "-" => context => Values.Box(-Conversions.ToNumber(operand(context))),
            _ => context =>
            {
                var value = operand(context);
                return value is double ? value : Values.Box(Conversions.ToNumber(value));
            },
        };
    }

    private Evaluator CompileConditional(ConditionalNode conditional)
    {
        var test = Compile(conditional.Test);
        var whenTrue = Compile(conditional.WhenTrue);
        var whenFalse = Compile(conditional.WhenFalse);
        return context => Values.IsTruthy(test(context)) ? whenTrue(context) : whenFalse(context);
    }

    private Evaluator CompileTemplateLiteral(TemplateLiteralNode template)
    {
        var texts = template.Texts;
        var substitutions = template.Substitutions.Select(Compile).ToArray();
        var position = template.Position;
        return context =>
        {
            var builder = new TextBuilder(context, position);
            builder.Append(texts[0]);
            for (var i = 0; i < substitutions.Length; i++)
            {
                builder.Append(Conversions.ToJsString(context, substitutions[i](context), position));
                builder.Append(texts[i + 1]);
            }
            return builder.ToString();
        };
    }

    private static string Suggestion(string? name) => name is null ? "" : $" (did you mean {name}?)";
}
