namespace Weft.Engine.Expressions;

// Arrow functions: recognised by looking ahead (a name or a parenthesised list followed by =>),
// allowed only as call arguments, with expression bodies and simple destructuring parameters.
internal sealed partial class Parser
{
    /// <summary>True when the tokens ahead are <c>name =&gt;</c> or <c>( … ) =&gt;</c>.</summary>
    private bool IsArrowAhead()
    {
        var first = Peek();
        if (first.Kind == TokenKind.Identifier) return !ReservedWords.Contains(first.Text) && Peek(1).Is("=>");
        if (!first.Is("(")) return false;
        var depth = 0;
        for (var offset = 0; ; offset++)
        {
            var token = Peek(offset);
            if (token.Kind is TokenKind.End or TokenKind.Error) return false;
            if (token.Is("(") || token.Is("[") || token.Is("{")) depth++;
            else if (token.Is(")") || token.Is("]") || token.Is("}"))
            {
                if (--depth == 0) return token.Is(")") && Peek(offset + 1).Is("=>");
            }
        }
    }

    private ArrowFunctionNode ParseArrow()
    {
        var start = Peek().Position;
        Enter(start);
        var parameters = new List<ArrowParameter>();
        if (Peek().Kind == TokenKind.Identifier)
        {
            var name = Next();
            parameters.Add(new ArrowParameter(name.Position, name.Text, null, null));
        }
        else
        {
            Expect("(");
            while (!Peek().Is(")"))
            {
                parameters.Add(ParseParameter());
                if (Peek().Is(",")) Next();
                else if (Peek().Is("=")) throw Syntax("Default parameter values are not supported", Peek().Position);
                else if (!Peek().Is(")")) throw Unexpected(Peek(), "',' or ')'");
            }
            Next();
        }
        Expect("=>");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in parameters.SelectMany(p => p.Names))
            if (!seen.Add(name)) throw Syntax($"Duplicate parameter name '{name}'", start);
        if (Peek().Is("{"))
            throw Syntax("An arrow function's body must be an expression; to return an object, wrap it in parentheses: x => ({ … })", Peek().Position);
        if (Peek().Kind == TokenKind.End) throw Unexpected(Peek(), "the arrow function's body");
        var before = _nodeCount;
        var body = ParseConditional();
        Exit();
        return Count(new ArrowFunctionNode(start, [.. parameters], body, _nodeCount - before));
    }

    private ArrowParameter ParseParameter()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Identifier) return new ArrowParameter(token.Position, ParameterName(), null, null);
        if (token.Is("["))
        {
            Next();
            var names = new List<string?>();
            while (!Peek().Is("]"))
            {
                if (Peek().Is(","))
                {
                    Next();
                    names.Add(null);
                    continue;
                }
                names.Add(ParameterName());
                if (Peek().Is(",")) Next();
                else if (!Peek().Is("]")) throw Unexpected(Peek(), "',' or ']'");
            }
            Next();
            return new ArrowParameter(token.Position, null, [.. names], null);
        }
        if (token.Is("{"))
        {
            Next();
            var names = new List<(string, string)>();
            while (!Peek().Is("}"))
            {
                var key = Peek();
                if (key.Kind is not (TokenKind.Identifier or TokenKind.String)) throw Unexpected(key, "a property name");
                Next();
                string name;
                if (Peek().Is(":"))
                {
                    Next();
                    name = ParameterName();
                }
                else
                {
                    if (key.Kind != TokenKind.Identifier) throw Unexpected(Peek(), "':'");
                    CheckParameterName(key);
                    name = key.Text;
                }
                names.Add((key.Text, name));
                if (Peek().Is(",")) Next();
                else if (Peek().Is("=")) throw Syntax("Default values are not supported in destructuring", Peek().Position);
                else if (!Peek().Is("}")) throw Unexpected(Peek(), "',' or '}'");
            }
            Next();
            return new ArrowParameter(token.Position, null, null, [.. names]);
        }
        if (token.Is("...")) throw Syntax("Rest parameters are not supported", token.Position);
        throw Unexpected(token, "a parameter name");
    }

    private string ParameterName()
    {
        var token = Peek();
        if (token.Kind != TokenKind.Identifier)
        {
            if (token.Is("[") || token.Is("{")) throw Syntax("Nested destructuring is not supported", token.Position);
            throw Unexpected(token, "a parameter name");
        }
        CheckParameterName(token);
        Next();
        if (Peek().Is("=")) throw Syntax("Default values are not supported", Peek().Position);
        return token.Text;
    }

    private void CheckParameterName(Token token)
    {
        if (ReservedWords.Contains(token.Text) || token.Text is "true" or "false" or "null" or "undefined" or "NaN" or "Infinity")
            throw Syntax($"'{token.Text}' cannot be a parameter name", token.Position);
    }
}
