namespace Weft.Engine.Expressions;

/// <summary>Splits a template into literal text and <c>{{ }}</c> expressions and compiles each expression.</summary>
internal static class TemplateCompiler
{
    public const string Open = "{{";

    public static CompiledTemplate Compile(string text, ExpressionLimits limits)
    {
        if (text.Length > limits.MaxStringLength)
            throw new ExpressionSyntaxException($"The template is longer than {limits.MaxStringLength} characters (MaxStringLength)", text, 0);
        var parts = new List<TemplatePart>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(Open, position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new TemplatePart(text[position..], null, position));
                break;
            }
            if (open > position) parts.Add(new TemplatePart(text[position..open], null, position));
            // The expression is parsed from just after "{{"; the parser finds the closing "}}" itself,
            // so "}}" inside a string or an object literal does not end it.
            var node = Parser.ParseTemplatePart(text, open, open + Open.Length, limits, out var next);
            parts.Add(new TemplatePart(null, Compiler.Compile(node, text), open));
            position = next;
        }
        return new CompiledTemplate(text, [.. parts], limits);
    }
}
