namespace Weft.Engine.Expressions;

// The abstract syntax tree the parser produces and the compiler turns into delegates.
// Every node keeps the 0-based index in the source text that errors should point at.

internal abstract class Node(int position)
{
    public int Position { get; } = position;

    /// <summary>Written in parentheses: ends an optional chain and allows mixing ?? with || and &&.</summary>
    public bool Parenthesized { get; set; }
}

internal sealed class LiteralNode(int position, object? value) : Node(position)
{
    /// <summary>null, bool, double (boxed once) or string.</summary>
    public object? Value { get; } = value;
}

internal sealed class IdentifierNode(int position, string name) : Node(position)
{
    public string Name { get; } = name;
}

/// <summary><c>`a${x}b`</c>: <see cref="Texts"/> has one more entry than <see cref="Substitutions"/>.</summary>
internal sealed class TemplateLiteralNode(int position, string[] texts, Node[] substitutions) : Node(position)
{
    public string[] Texts { get; } = texts;
    public Node[] Substitutions { get; } = substitutions;
}

/// <summary><c>[a, ...b]</c>; elements may be <see cref="SpreadNode"/>.</summary>
internal sealed class ArrayLiteralNode(int position, Node[] elements) : Node(position)
{
    public Node[] Elements { get; } = elements;
}

internal sealed class ObjectLiteralNode(int position, ObjectProperty[] properties) : Node(position)
{
    public ObjectProperty[] Properties { get; } = properties;
}

/// <summary>A property of an object literal: a fixed <see cref="Key"/>, a computed key <c>[expr]</c>, or a spread <c>...expr</c> (both null).</summary>
internal sealed record ObjectProperty(int Position, string? Key, Node? ComputedKey, Node Value, bool IsSpread);

/// <summary><c>...x</c> inside an array literal, object literal or argument list.</summary>
internal sealed class SpreadNode(int position, Node argument) : Node(position)
{
    public Node Argument { get; } = argument;
}

/// <summary><c>target.name</c> or <c>target?.name</c>; the position is the name's.</summary>
internal sealed class MemberNode(int position, Node target, string name, bool optional) : Node(position)
{
    public Node Target { get; } = target;
    public string Name { get; } = name;
    public bool Optional { get; } = optional;
}

/// <summary><c>target[index]</c> or <c>target?.[index]</c>; the position is the bracket's.</summary>
internal sealed class IndexNode(int position, Node target, Node index, bool optional) : Node(position)
{
    public Node Target { get; } = target;
    public Node Index { get; } = index;
    public bool Optional { get; } = optional;
}

/// <summary>A call: a method (<c>x.trim()</c>) or a library function (<c>Math.max(…)</c>, <c>Number(…)</c>).</summary>
internal sealed class CallNode(int position, Node callee, Node[] arguments) : Node(position)
{
    public Node Callee { get; } = callee;
    public Node[] Arguments { get; } = arguments;
}

/// <summary>The outer end of a chain containing <c>?.</c>: where a short-circuit becomes null.</summary>
internal sealed class OptionalChainNode(int position, Node expression) : Node(position)
{
    public Node Expression { get; } = expression;
}

internal sealed class UnaryNode(int position, string op, Node operand) : Node(position)
{
    public string Operator { get; } = op;
    public Node Operand { get; } = operand;
}

/// <summary>
/// <c>a op b op c …</c> with operators of one precedence level, left to right. Kept flat (not a
/// left-deep tree) so that a long chain compiles and evaluates without deep recursion.
/// </summary>
internal sealed class BinaryNode(int position, Node first, BinaryLink[] links) : Node(position)
{
    public Node First { get; } = first;
    public BinaryLink[] Links { get; } = links;
}

internal sealed record BinaryLink(string Operator, int Position, Node Operand);

internal sealed class ConditionalNode(int position, Node test, Node whenTrue, Node whenFalse) : Node(position)
{
    public Node Test { get; } = test;
    public Node WhenTrue { get; } = whenTrue;
    public Node WhenFalse { get; } = whenFalse;
}

/// <summary>
/// <c>(x, i) => body</c>, allowed only as a call argument. <see cref="Cost"/> is the number of
/// syntax nodes in the body, used to charge each invocation against the step budget.
/// </summary>
internal sealed class ArrowFunctionNode(int position, ArrowParameter[] parameters, Node body, int cost) : Node(position)
{
    public ArrowParameter[] Parameters { get; } = parameters;
    public Node Body { get; } = body;
    public int Cost { get; } = cost;
}

/// <summary>A parameter: a plain name, an array pattern <c>[a, b]</c> or an object pattern <c>{ a, b: c }</c>.</summary>
internal sealed record ArrowParameter(int Position, string? Name, string?[]? ArrayNames, (string Key, string Name)[]? ObjectNames)
{
    public IEnumerable<string> Names =>
        Name is not null ? [Name] : ArrayNames is not null ? ArrayNames.OfType<string>() : ObjectNames!.Select(p => p.Name);
}
