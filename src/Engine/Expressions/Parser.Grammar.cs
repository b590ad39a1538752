namespace Weft.Engine.Expressions;

// The grammar, lowest precedence first (JavaScript's, minus what the language leaves out):
//   conditional  := shortCircuit ('?' conditional ':' conditional)?
//   shortCircuit := or | coalesce          (?? cannot be mixed with || or && without parentheses)
//   or := and ('||' and)*    and := equality ('&&' equality)*
//   equality := relational (('==' | '!=' | '===' | '!==') relational)*
//   relational := additive (('<' | '<=' | '>' | '>=') additive)*
//   additive := multiplicative (('+' | '-') multiplicative)*
//   multiplicative := exponent (('*' | '/' | '%') exponent)*
//   exponent := unary ('**' exponent)?     unary := ('!' | '-' | '+') unary | postfix
//   postfix := primary ('.' name | '?.' name | '?.[' expr ']' | '[' expr ']' | '(' arguments ')')*
internal sealed partial class Parser
{
    private static readonly string[] OrOperators = ["||"];
    private static readonly string[] AndOperators = ["&&"];
    private static readonly string[] EqualityOperators = ["===", "!==", "==", "!="];
    private static readonly string[] RelationalOperators = ["<", "<=", ">", ">="];
    private static readonly string[] AdditiveOperators = ["+", "-"];
    private static readonly string[] MultiplicativeOperators = ["*", "/", "%"];

    private Node ParseConditional()
    {
        Enter(Peek().Position);
        var node = ParseShortCircuit();
        if (Peek().Is("?"))
        {
            var question = Next();
            var whenTrue = ParseConditional();
            Expect(":");
            var whenFalse = ParseConditional();
            node = Count(new ConditionalNode(question.Position, node, whenTrue, whenFalse));
        }
        Exit();
        return node;
    }

    private Node ParseShortCircuit()
    {
        var left = ParseOr();
        if (!Peek().Is("??")) return left;
        if (IsBareLogical(left)) throw Syntax("Use parentheses to mix ?? with || or &&", Peek().Position);
        var links = new List<BinaryLink>();
        while (Peek().Is("??"))
        {
            var op = Next();
            var right = ParseEquality();
            if (Peek().Is("||") || Peek().Is("&&")) throw Syntax("Use parentheses to mix ?? with || or &&", Peek().Position);
            links.Add(new BinaryLink("??", op.Position, right));
        }
        return Count(new BinaryNode(links[0].Position, left, [.. links]));
    }

    private static bool IsBareLogical(Node node) =>
        node is BinaryNode { Parenthesized: false } binary && binary.Links[0].Operator is "||" or "&&";

    private Node ParseOr() => ParseChain(ParseAnd, OrOperators, ParseAnd);

    private Node ParseAnd() => ParseChain(ParseEquality, AndOperators, ParseEquality);

    private Node ParseEquality() => ParseChain(ParseRelational, EqualityOperators, ParseRelational);

    private Node ParseRelational()
    {
        var node = ParseChain(ParseAdditive, RelationalOperators, ParseAdditive);
        if (Peek() is { Kind: TokenKind.Identifier, Text: "in" or "instanceof" } word)
            throw Syntax($"The '{word.Text}' operator is not supported", word.Position);
        return node;
    }

    private Node ParseAdditive() => ParseChain(ParseMultiplicative, AdditiveOperators, ParseMultiplicative);

    private Node ParseMultiplicative() => ParseChain(ParseExponent, MultiplicativeOperators, ParseExponent);

    /// <summary>Left-to-right chain of operators of one level, kept flat (see <see cref="BinaryNode"/>).</summary>
    private Node ParseChain(Func<Node> first, string[] operators, Func<Node> operand)
    {
        var node = first();
        List<BinaryLink>? links = null;
        while (Peek() is { Kind: TokenKind.Punctuator } token && Array.IndexOf(operators, token.Text) >= 0)
        {
            Next();
            (links ??= []).Add(new BinaryLink(token.Text, token.Position, operand()));
        }
        return links is null ? node : Count(new BinaryNode(links[0].Position, node, [.. links]));
    }

    private Node ParseExponent()
    {
        var left = ParseUnary();
        if (!Peek().Is("**")) return left;
        var op = Next();
        if (left is UnaryNode { Parenthesized: false })
            throw Syntax("Wrap the unary expression left of ** in parentheses, e.g. (-2) ** 2", op.Position);
        Enter(op.Position);
        var right = ParseExponent();
        Exit();
        return Count(new BinaryNode(op.Position, left, [new BinaryLink("**", op.Position, right)]));
    }

    private Node ParseUnary()
    {
        var token = Peek();
        if (token.Is("!") || token.Is("-") || token.Is("+"))
        {
            Next();
            Enter(token.Position);
            var operand = ParseUnary();
            Exit();
            return Count(new UnaryNode(token.Position, token.Text, operand));
        }
        if (token.Is("~") || token.Is("++") || token.Is("--")) throw Unexpected(token);
        if (token is { Kind: TokenKind.Identifier, Text: "typeof" or "void" or "delete" or "await" or "new" })
            throw Syntax($"'{token.Text}' is not supported in expressions", token.Position);
        return ParsePostfix();
    }

    private Node ParsePostfix()
    {
        var start = Peek().Position;
        var node = ParsePrimary();
        var optional = false;
        var links = 0;
        while (true)
        {
            var token = Peek();
            if (token.Is("."))
            {
                Next();
                var name = ExpectPropertyName();
                node = Count(new MemberNode(name.Position, node, name.Text, optional: false));
            }
            else if (token.Is("?."))
            {
                Next();
                optional = true;
                if (Peek().Is("["))
                {
                    Next();
                    var index = ParseConditional();
                    Expect("]");
                    node = Count(new IndexNode(token.Position, node, index, optional: true));
                }
                else if (Peek().Is("(")) throw Syntax("Optional calls '?.()' are not supported (only methods and library functions can be called)", token.Position);
                else
                {
                    var name = ExpectPropertyName();
                    node = Count(new MemberNode(name.Position, node, name.Text, optional: true));
                }
            }
            else if (token.Is("["))
            {
                Next();
                var index = ParseConditional();
                Expect("]");
                node = Count(new IndexNode(token.Position, node, index, optional: false));
            }
            else if (token.Is("("))
            {
                Next();
                var arguments = ParseArguments();
                var position = node is MemberNode or IdentifierNode ? node.Position : token.Position;
                node = Count(new CallNode(position, node, arguments));
            }
            else if (token.Kind == TokenKind.TemplateString) throw Syntax("Tagged template literals are not supported", token.Position);
            else if (token.Is("++") || token.Is("--")) throw Unexpected(token);
            else break;
            // A member chain is nesting too: each link adds a level of evaluation depth.
            Enter(token.Position);
            links++;
        }
        _depth -= links;
        return optional ? Count(new OptionalChainNode(start, node)) : node;
    }

    private Token ExpectPropertyName()
    {
        var token = Peek();
        if (token.Kind != TokenKind.Identifier) throw Unexpected(token, "a property name");
        return Next();
    }

    private Node[] ParseArguments()
    {
        var arguments = new List<Node>();
        while (!Peek().Is(")"))
        {
            if (Peek().Is("..."))
            {
                var spread = Next();
                arguments.Add(Count(new SpreadNode(spread.Position, ParseConditional())));
            }
            else arguments.Add(IsArrowAhead() ? ParseArrow() : ParseConditional());
            if (Peek().Is(",")) Next();
            else if (!Peek().Is(")")) throw Unexpected(Peek(), "',' or ')'");
        }
        Next();
        return [.. arguments];
    }

    private Node ParsePrimary()
    {
        var token = Peek();
        if (IsArrowAhead()) throw Syntax("Arrow functions can only be passed as arguments, e.g. items.map(x => x.name)", token.Position);
        switch (token.Kind)
        {
            case TokenKind.Number:
                Next();
                return Count(new LiteralNode(token.Position, token.Number));
            case TokenKind.String:
                Next();
                return Count(new LiteralNode(token.Position, token.Text));
            case TokenKind.TemplateString:
                Next();
                return ParseTemplateLiteral(token);
            case TokenKind.Identifier:
                Next();
                return token.Text switch
                {
                    "true" => Count(new LiteralNode(token.Position, true)),
                    "false" => Count(new LiteralNode(token.Position, false)),
                    "null" or "undefined" => Count(new LiteralNode(token.Position, null)),
                    "NaN" => Count(new LiteralNode(token.Position, double.NaN)),
                    "Infinity" => Count(new LiteralNode(token.Position, double.PositiveInfinity)),
                    _ when ReservedWords.Contains(token.Text) => throw Unexpected(token),
                    _ => Count(new IdentifierNode(token.Position, token.Text)),
                };
        }
        if (token.Is("("))
        {
            Next();
            if (Peek().Is(")")) throw Unexpected(Peek(), "an expression");
            var inner = ParseConditional();
            if (Peek().Is(",")) throw Syntax("The comma operator is not supported", Peek().Position);
            Expect(")");
            inner.Parenthesized = true;
            return inner;
        }
        if (token.Is("["))
        {
            Next();
            return ParseArrayLiteral(token.Position);
        }
        if (token.Is("{"))
        {
            Next();
            return ParseObjectLiteral(token.Position);
        }
        if (token.Is("/")) throw Syntax("Regular expressions are not supported; use string methods such as includes, replace or split", token.Position);
        if (token.Is("...")) throw Syntax("'...' (spread) is only allowed in array literals, object literals and arguments", token.Position);
        throw Unexpected(token, "an expression");
    }

    private Node ParseTemplateLiteral(Token token)
    {
        var parts = token.Template!;
        var substitutions = new Node[parts.Substitutions.Length];
        for (var i = 0; i < substitutions.Length; i++)
        {
            var (start, end) = parts.Substitutions[i];
            substitutions[i] = ParseWhole(_source, start, end, _limits, _depth + 1, out var count);
            _nodeCount += count;
        }
        return Count(new TemplateLiteralNode(token.Position, parts.Texts, substitutions));
    }

    private ArrayLiteralNode ParseArrayLiteral(int position)
    {
        var elements = new List<Node>();
        while (!Peek().Is("]"))
        {
            if (Peek().Is(","))
            {
                var hole = Next();
                elements.Add(Count(new LiteralNode(hole.Position, null)));
                continue;
            }
            if (Peek().Is("..."))
            {
                var spread = Next();
                elements.Add(Count(new SpreadNode(spread.Position, ParseConditional())));
            }
            else elements.Add(ParseConditional());
            if (Peek().Is(",")) Next();
            else if (!Peek().Is("]")) throw Unexpected(Peek(), "',' or ']'");
        }
        Next();
        return Count(new ArrayLiteralNode(position, [.. elements]));
    }

    private ObjectLiteralNode ParseObjectLiteral(int position)
    {
        var properties = new List<ObjectProperty>();
        while (!Peek().Is("}"))
        {
            var token = Peek();
            if (token.Is("..."))
            {
                Next();
                properties.Add(new ObjectProperty(token.Position, null, null, ParseConditional(), IsSpread: true));
            }
            else if (token.Is("["))
            {
                Next();
                var key = ParseConditional();
                Expect("]");
                Expect(":");
                properties.Add(new ObjectProperty(token.Position, null, key, ParseConditional(), IsSpread: false));
            }
            else
            {
                var key = token.Kind switch
                {
                    TokenKind.Identifier or TokenKind.String => token.Text,
                    TokenKind.Number => NumberFormatter.Format(token.Number),
                    _ => throw Unexpected(token, "a property name"),
                };
                Next();
                Node value;
                if (Peek().Is(":"))
                {
                    Next();
                    value = ParseConditional();
                }
                else if (token.Kind == TokenKind.Identifier && (Peek().Is(",") || Peek().Is("}")))
                {
                    if (ReservedWords.Contains(key) || key is "true" or "false" or "null" or "undefined")
                        throw Syntax($"'{key}' cannot be used as a shorthand property", token.Position);
                    value = Count(new IdentifierNode(token.Position, key));
                }
                else if (Peek().Is("(")) throw Syntax("Methods in object literals are not supported", Peek().Position);
                else throw Unexpected(Peek(), "':'");
                properties.Add(new ObjectProperty(token.Position, key, null, value, IsSpread: false));
            }
            if (Peek().Is(",")) Next();
            else if (!Peek().Is("}")) throw Unexpected(Peek(), "',' or '}'");
        }
        Next();
        return Count(new ObjectLiteralNode(position, [.. properties]));
    }
}
