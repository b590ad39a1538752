using System.Globalization;
using System.Text;

namespace Weft.Engine.Expressions;

/// <summary>
/// Turns expression text into tokens on demand, so that a template's <c>{{ }}</c> part can stop
/// where the expression ends. Never throws: unreadable text becomes an <see cref="TokenKind.Error"/>
/// token, which lets the parser look ahead speculatively (arrow functions) without failing.
/// </summary>
internal sealed class Lexer(string source, int start, int end, int templateNesting = 0)
{
    /// <summary>Template literals nested inside substitutions beyond this are refused (the lexer recurses into them).</summary>
    private const int MaxTemplateNesting = 64;

    // Longest first, so "===" wins over "==" over "=". Unsupported operators are lexed too so
    // that the parser can say why they are not allowed instead of "unexpected character".
    private static readonly string[] Punctuators =
    [
        ">>>=", "...", "===", "!==", "**=", "??=", "&&=", "||=", ">>>", "<<=", ">>=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "**", "++", "--", "+=", "-=", "*=", "/=", "%=",
        "<<", ">>", "&=", "|=", "^=",
        "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".",
    ];

    private int _position = start;

    public Token Next()
    {
        SkipWhitespace();
        if (_position >= end) return new Token(TokenKind.End, end, end, "");
        var c = source[_position];
        if (char.IsAsciiDigit(c) || (c == '.' && _position + 1 < end && char.IsAsciiDigit(source[_position + 1])))
            return ReadNumber();
        if (IsIdentifierStart(c)) return ReadIdentifier();
        if (c is '\'' or '"') return ReadString(c);
        if (c == '`') return ReadTemplateLiteral();
        return ReadPunctuator();
    }

    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$' || (c > 127 && char.IsLetter(c));

    public static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || (c > 127 && char.IsLetterOrDigit(c));

    private void SkipWhitespace()
    {
        while (_position < end && (char.IsWhiteSpace(source[_position]) || source[_position] == '\uFEFF')) _position++;
    }

    private Token Error(int position, string message)
    {
        _position = end; // nothing after an error is meaningful
        return new Token(TokenKind.Error, position, position + 1, message);
    }

    private Token ReadIdentifier()
    {
        var begin = _position;
        while (_position < end && IsIdentifierPart(source[_position])) _position++;
        return new Token(TokenKind.Identifier, begin, _position, source[begin.._position]);
    }

    private Token ReadNumber()
    {
        var begin = _position;
        double value;
        if (source[_position] == '0' && _position + 1 < end && source[_position + 1] is 'x' or 'X' or 'b' or 'B' or 'o' or 'O')
        {
            var radix = char.ToLowerInvariant(source[_position + 1]) switch { 'x' => 16, 'b' => 2, _ => 8 };
            _position += 2;
            var digitsStart = _position;
            value = 0;
            while (_position < end && DigitValue(source[_position]) is var d && d >= 0 && d < radix)
            {
                value = (value * radix) + d;
                _position++;
            }
            if (_position == digitsStart) return Error(begin, $"Invalid number '{source[begin.._position]}'");
        }
        else
        {
            while (_position < end && char.IsAsciiDigit(source[_position])) _position++;
            if (_position < end && source[_position] == '.')
            {
                _position++;
                while (_position < end && char.IsAsciiDigit(source[_position])) _position++;
            }
            if (_position < end && source[_position] is 'e' or 'E')
            {
                var save = _position;
                _position++;
                if (_position < end && source[_position] is '+' or '-') _position++;
                if (_position < end && char.IsAsciiDigit(source[_position]))
                    while (_position < end && char.IsAsciiDigit(source[_position])) _position++;
                else
                    _position = save;
            }
            value = double.Parse(source.AsSpan(begin, _position - begin), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        if (_position < end && IsIdentifierPart(source[_position]))
            return Error(begin, $"Invalid number '{source[begin..(_position + 1)]}'");
        return new Token(TokenKind.Number, begin, _position, source[begin.._position], value);
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    private Token ReadString(char quote)
    {
        var begin = _position++;
        StringBuilder? builder = null;
        var runStart = _position;
        while (_position < end)
        {
            var c = source[_position];
            if (c == quote)
            {
                var text = builder is null ? source[runStart.._position] : builder.Append(source, runStart, _position - runStart).ToString();
                _position++;
                return new Token(TokenKind.String, begin, _position, text);
            }
            if (c is '\n' or '\r') break;
            if (c == '\\')
            {
                builder ??= new StringBuilder();
                builder.Append(source, runStart, _position - runStart);
                if (ReadEscape(builder) is { } error) return error;
                runStart = _position;
                continue;
            }
            _position++;
        }
        return Error(begin, "Unterminated string");
    }

    /// <summary>Reads the escape at <see cref="_position"/> (a backslash) into <paramref name="builder"/>; returns an error token if invalid.</summary>
    private Token? ReadEscape(StringBuilder builder)
    {
        var escapeStart = _position++;
        if (_position >= end) return Error(escapeStart, "Unterminated string");
        var c = source[_position++];
        switch (c)
        {
            case 'n': builder.Append('\n'); break;
            case 't': builder.Append('\t'); break;
            case 'r': builder.Append('\r'); break;
            case 'b': builder.Append('\b'); break;
            case 'f': builder.Append('\f'); break;
            case 'v': builder.Append('\v'); break;
            case '0' when _position >= end || !char.IsAsciiDigit(source[_position]): builder.Append('\0'); break;
            case '\r':
                if (_position < end && source[_position] == '\n') _position++;
                break; // line continuation
            case '\n' or '\u2028' or '\u2029': break;
            case 'x':
                if (!TryReadHex(2, out var x)) return Error(escapeStart, "Invalid \\x escape (expected two hex digits)");
                builder.Append((char)x);
                break;
            case 'u':
                if (_position < end && source[_position] == '{')
                {
                    var close = source.IndexOf('}', _position, end - _position);
                    if (close < 0 || close == _position + 1 || !int.TryParse(source.AsSpan(_position + 1, close - _position - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp) || cp > 0x10FFFF)
                        return Error(escapeStart, "Invalid \\u{…} escape");
                    builder.Append(char.ConvertFromUtf32(cp is >= 0xD800 and <= 0xDFFF ? 0xFFFD : cp));
                    _position = close + 1;
                }
                else
                {
                    if (!TryReadHex(4, out var u)) return Error(escapeStart, "Invalid \\u escape (expected four hex digits)");
                    builder.Append((char)u);
                }
                break;
            default: builder.Append(c); break; // \' \" \\ \` \$ and any other char stand for themselves
        }
        return null;
    }

    private bool TryReadHex(int digits, out int value)
    {
        value = 0;
        if (_position + digits > end) return false;
        for (var i = 0; i < digits; i++)
        {
            var d = DigitValue(source[_position + i]);
            if (d is < 0 or > 15) return false;
            value = (value * 16) + d;
        }
        _position += digits;
        return true;
    }

    private Token ReadTemplateLiteral()
    {
        var begin = _position++;
        if (templateNesting >= MaxTemplateNesting) return Error(begin, "Template literals are nested too deeply");
        var texts = new List<string>();
        var substitutions = new List<(int, int)>();
        var builder = new StringBuilder();
        while (_position < end)
        {
            var c = source[_position];
            if (c == '`')
            {
                _position++;
                texts.Add(builder.ToString());
                return new Token(TokenKind.TemplateString, begin, _position, source[begin.._position], 0, new TemplateLiteralParts([.. texts], [.. substitutions]));
            }
            if (c == '\\')
            {
                if (ReadEscape(builder) is { } error) return error;
                continue;
            }
            if (c == '$' && _position + 1 < end && source[_position + 1] == '{')
            {
                texts.Add(builder.ToString());
                builder.Clear();
                var substitutionStart = _position + 2;
                var close = FindSubstitutionEnd(substitutionStart, out var innerError);
                if (innerError is { } inner) return Error(inner.Position, inner.Text);
                if (close < 0) return Error(_position, "Unterminated ${ in template literal");
                substitutions.Add((substitutionStart, close));
                _position = close + 1;
                continue;
            }
            builder.Append(c);
            _position++;
        }
        return Error(begin, "Unterminated template literal");
    }

    /// <summary>
    /// The index of the '}' closing a ${ substitution, found by lexing (so strings and nested braces
    /// are skipped); -1 if none, with <paramref name="error"/> set if the substitution's text cannot be lexed.
    /// </summary>
    private int FindSubstitutionEnd(int from, out Token? error)
    {
        var inner = new Lexer(source, from, end, templateNesting + 1);
        var depth = 0;
        error = null;
        while (true)
        {
            var token = inner.Next();
            if (token.Kind == TokenKind.Error) error = token;
            if (token.Kind is TokenKind.End or TokenKind.Error) return -1;
            if (token.Is("{")) depth++;
            else if (token.Is("}"))
            {
                if (depth == 0) return token.Position;
                depth--;
            }
        }
    }

    private Token ReadPunctuator()
    {
        var begin = _position;
        foreach (var p in Punctuators)
        {
            if (string.CompareOrdinal(source, _position, p, 0, p.Length) != 0 || _position + p.Length > end) continue;
            // "a?.5:1" is a ternary, not optional chaining (as in JavaScript).
            if (p == "?." && _position + 2 < end && char.IsAsciiDigit(source[_position + 2])) continue;
            _position += p.Length;
            return new Token(TokenKind.Punctuator, begin, _position, p);
        }
        return Error(begin, $"Unexpected character '{source[begin]}'");
    }
}
