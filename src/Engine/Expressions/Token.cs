namespace Weft.Engine.Expressions;

internal enum TokenKind
{
    End,
    Number,
    String,
    TemplateString,
    Identifier,
    Punctuator,

    /// <summary>Text the lexer could not read; <see cref="Token.Text"/> says why. Thrown when the parser consumes it.</summary>
    Error,
}

/// <summary>
/// One token. <see cref="Text"/> is the punctuator, the identifier, the cooked string value or the
/// error message; <see cref="Position"/> and <see cref="End"/> index the source text.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Position, int End, string Text, double Number = 0, TemplateLiteralParts? Template = null)
{
    public bool Is(string punctuator) => Kind == TokenKind.Punctuator && string.Equals(Text, punctuator, StringComparison.Ordinal);

    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.Number => $"number {Text}",
        TokenKind.String => "a string",
        TokenKind.TemplateString => "a template literal",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// A template literal <c>`a${x}b`</c> as lexed: the cooked text pieces (one more than the
/// substitutions) and the source span of each <c>${ }</c> substitution, parsed later.
/// </summary>
internal sealed record TemplateLiteralParts(string[] Texts, (int Start, int End)[] Substitutions);
