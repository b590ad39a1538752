namespace Weft.Engine.Expressions;

// Binary operators: short-circuiting && || ??, and specialised closures for the shapes that
// conditions are made of (comparison with a constant, test against null).
internal sealed partial class Compiler
{
    private delegate object? BinaryOperation(EvalContext context, object? left, object? right);

    private Evaluator CompileBinary(BinaryNode binary)
    {
        var links = binary.Links;
        var op = links[0].Operator;
        if (links.Length == 1) return CompilePair(op, binary.First, links[0].Operand, links[0].Position);

        var first = Compile(binary.First);
        var operands = links.Select(l => Compile(l.Operand)).ToArray();
        switch (op)
        {
            case "&&":
                return context =>
                {
                    var value = first(context);
                    for (var i = 0; i < operands.Length && Values.IsTruthy(value); i++) value = operands[i](context);
                    return value;
                };
            case "||":
                return context =>
                {
                    var value = first(context);
                    for (var i = 0; i < operands.Length && !Values.IsTruthy(value); i++) value = operands[i](context);
                    return value;
                };
            case "??":
                return context =>
                {
                    var value = first(context);
                    for (var i = 0; i < operands.Length && value is null; i++) value = operands[i](context);
                    return value;
                };
        }
        var operations = links.Select(l => Operation(l.Operator, l.Position)).ToArray();
        return context =>
        {
            var value = first(context);
            for (var i = 0; i < operands.Length; i++) value = operations[i](context, value, operands[i](context));
            return value;
        };
    }

    private Evaluator CompilePair(string op, Node leftNode, Node rightNode, int position)
    {
        var left = Compile(leftNode);
        var right = Compile(rightNode);
        switch (op)
        {
            case "&&":
                return context =>
                {
                    var value = left(context);
                    return Values.IsTruthy(value) ? right(context) : value;
                };
            case "||":
                return context =>
                {
                    var value = left(context);
                    return Values.IsTruthy(value) ? value : right(context);
                };
            case "??":
                return context => left(context) ?? right(context);
        }

        var equality = op is "==" or "===";
        if (op is "==" or "===" or "!=" or "!==")
        {
            if (rightNode is LiteralNode { Value: null }) return context => Values.Box(left(context) is null == equality);
            if (leftNode is LiteralNode { Value: null }) return context => Values.Box(right(context) is null == equality);
            return context => Values.Box(Conversions.StrictEquals(left(context), right(context)) == equality);
        }

        if (op is "<" or "<=" or ">" or ">=" && rightNode is LiteralNode { Value: double constant })
        {
            var boxed = Values.Box(constant);
            return op switch
            {
                "<" => context =>
                {
                    var value = left(context);
                    return value is double d ? Values.Box(d < constant) : Operators.Relational(op, value, boxed);
                },
                "<=" => context =>
                {
                    var value = left(context);
                    return value is double d ? Values.Box(d <= constant) : Operators.Relational(op, value, boxed);
                },
                ">" => context =>
                {
                    var value = left(context);
                    return value is double d ? Values.Box(d > constant) : Operators.Relational(op, value, boxed);
                },
                _ => context =>
                {
                    var value = left(context);
                    return value is double d ? Values.Box(d >= constant) : Operators.Relational(op, value, boxed);
                },
            };
        }

        var operation = Operation(op, position);
        return context => operation(context, left(context), right(context));
    }

    private static BinaryOperation Operation(string op, int position) => op switch
    {
        "+" => (context, a, b) => Operators.Add(context, a, b, position),
        "-" => (_, a, b) => a is double x && b is double y ? Values.Box(x - y) : Operators.Arithmetic(op, a, b),
        "*" => (_, a, b) => a is double x && b is double y ? Values.Box(x * y) : Operators.Arithmetic(op, a, b),
        "/" or "%" or "**" => (_, a, b) => Operators.Arithmetic(op, a, b),
        "<" or "<=" or ">" or ">=" => (_, a, b) => Operators.Relational(op, a, b),
        "==" or "===" => (_, a, b) => Values.Box(Conversions.StrictEquals(a, b)),
        "!=" or "!==" => (_, a, b) => Values.Box(!Conversions.StrictEquals(a, b)),
        _ => throw new InvalidOperationException($"Unknown operator {op}"),
    };
}
