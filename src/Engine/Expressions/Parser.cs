namespace Weft.Engine.Expressions;

/// <summary>
/// Recursive-descent parser for the JavaScript expression subset. Positions in the nodes and in
/// errors index the whole source (the template, for a <c>{{ }}</c> part). Parse-time limits
/// (<see cref="ExpressionLimits.MaxDepth"/>) are enforced here.
/// </summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "new", "this", "function", "class", "typeof", "void", "delete", "in", "instanceof", "var", "let", "const",
        "return", "if", "else", "for", "while", "do", "yield", "await", "import", "export", "super", "throw", "try",
        "catch", "finally", "switch", "case", "break", "continue", "with", "debugger", "default", "extends", "enum",
    };

    private readonly string _source;
    private readonly Lexer _lexer;
    private readonly List<Token> _tokens = [];
    private readonly ExpressionLimits _limits;
    private int _index;
    private int _depth;
    private int _nodeCount;

    private Parser(string source, int start, int end, ExpressionLimits limits, int depth)
    {
        _source = source;
        _lexer = new Lexer(source, start, end);
        _limits = limits;
        _depth = depth;
    }

    /// <summary>Parses <c>source[start..end]</c> as one whole expression.</summary>
    public static Node ParseExpression(string source, int start, int end, ExpressionLimits limits) =>
        ParseWhole(source, start, end, limits, depth: 0, out _);

    /// <summary>
    /// Parses the expression of a template part that begins at <paramref name="start"/> (just after
    /// the <c>{{</c> at <paramref name="openPosition"/>) and must be closed by <c>}}</c>;
    /// <paramref name="next"/> is the index after the <c>}}</c>.
    /// </summary>
    public static Node ParseTemplatePart(string source, int openPosition, int start, ExpressionLimits limits, out int next)
    {
        var parser = new Parser(source, start, source.Length, limits, 0);
        var first = parser.Peek();
        if (first.Kind == TokenKind.End) throw parser.Syntax("Unterminated '{{': expected '}}'", openPosition);
        if (first.Is("}") && parser.CharAt(first.Position + 1) == '}') throw parser.Syntax("Empty expression in '{{ }}'", openPosition);
        Node node;
        try
        {
            node = parser.ParseConditional();
        }
        catch (ExpressionSyntaxException ex) when (ex.Position >= source.Length)
        {
            // The text ended inside "{{": the missing "}}" is the problem to report.
            throw parser.Syntax("Unterminated '{{': expected '}}'", openPosition);
        }
        var close = parser.Peek();
        if (close.Kind == TokenKind.End || (close.Is("}") && close.End >= source.Length))
            throw parser.Syntax("Unterminated '{{': expected '}}'", openPosition);
        if (!close.Is("}") || parser.CharAt(close.Position + 1) != '}')
            throw parser.Syntax($"{parser.Unexpected(close).Description}: expected '}}}}' to close the expression opened at {openPosition}", close.Position);
        if (source.AsSpan(first.Position, close.Position - first.Position).TrimEnd().Length > limits.MaxExpressionLength)
            throw parser.Syntax($"The expression is longer than {limits.MaxExpressionLength} characters (MaxExpressionLength)", first.Position);
        next = close.Position + 2;
        return node;
    }

    private static Node ParseWhole(string source, int start, int end, ExpressionLimits limits, int depth, out int nodeCount)
    {
        var parser = new Parser(source, start, end, limits, depth);
        if (parser.Peek().Kind == TokenKind.End) throw parser.Syntax("The expression is empty", start);
        var node = parser.ParseConditional();
        if (parser.Peek().Kind != TokenKind.End) throw parser.Unexpected(parser.Peek());
        nodeCount = parser._nodeCount;
        return node;
    }

    private char CharAt(int index) => index < _source.Length ? _source[index] : '\0';

    private Token Peek(int offset = 0)
    {
        while (_tokens.Count <= _index + offset)
        {
            if (_tokens.Count > 0 && _tokens[^1].Kind is TokenKind.End or TokenKind.Error) return _tokens[^1];
            _tokens.Add(_lexer.Next());
        }
        return _tokens[_index + offset];
    }

    private Token Next()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Error) throw Syntax(token.Text, token.Position);
        _index++;
        return token;
    }

    private Token Expect(string punctuator)
    {
        var token = Peek();
        if (!token.Is(punctuator)) throw Unexpected(token, $"'{punctuator}'");
        return Next();
    }

    private T Count<T>(T node) where T : Node
    {
        _nodeCount++;
        return node;
    }

    private void Enter(int position)
    {
        if (++_depth > _limits.MaxDepth)
            throw Syntax($"The expression is nested more than {_limits.MaxDepth} levels deep (MaxDepth)", position);
    }

    private void Exit() => _depth--;

    private ExpressionSyntaxException Syntax(string message, int position) => new(message, _source, position);

    private ExpressionSyntaxException Unexpected(Token token, string? expected = null)
    {
        var message = token.Kind switch
        {
            TokenKind.Error => token.Text,
            TokenKind.End => expected is null ? "Unexpected end of the expression" : $"Expected {expected} but the expression ended",
            TokenKind.Punctuator => token.Text switch
            {
                "=" or "+=" or "-=" or "*=" or "/=" or "%=" or "**=" or "??=" or "&&=" or "||=" or "<<=" or ">>=" or ">>>=" or "&=" or "|=" or "^=" =>
                    "Assignment is not supported in expressions (use === to compare)",
                "++" or "--" => "Increment and decrement are not supported in expressions",
                ";" => "Statements are not supported: an expression has no ';'",
                "&" or "|" or "^" or "~" or "<<" or ">>" or ">>>" => "Bitwise operators are not supported",
                "=>" => "Arrow functions can only be passed as arguments, e.g. items.map(x => x.name)",
                _ => null,
            },
            TokenKind.Identifier when ReservedWords.Contains(token.Text) => $"'{token.Text}' is not supported in expressions",
            _ => null,
        };
        message ??= expected is null ? $"Unexpected {token.Describe()}" : $"Expected {expected} but found {token.Describe()}";
        return Syntax(message, token.Position);
    }
}
