using System.Globalization;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// JSON.stringify over the engine's values: JavaScript number formatting (non-finite numbers are
/// null), JavaScript string escaping, optional indentation, bounded by the expression limits.
/// </summary>
internal static class JsonText
{
    public static string Stringify(EvalContext context, object? value, string indent, int position)
    {
        var builder = new TextBuilder(context, position);
        Write(context, builder, value, indent, 0, position);
        return builder.ToString();
    }

    private static void Write(EvalContext context, TextBuilder builder, object? value, string indent, int depth, int position)
    {
        context.Charge(1, position);
        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case bool b:
                builder.Append(b ? "true" : "false");
                return;
            case double d:
                builder.Append(double.IsFinite(d) ? NumberFormatter.Format(d) : "null");
                return;
            case string s:
                WriteString(builder, s);
                return;
            case JsonValue v:
                Write(context, builder, Values.FromJsonValue(v), indent, depth, position);
                return;
            case Lambda:
                throw context.Error(position, "A function cannot be converted to JSON");
        }
        context.CheckDepth(depth + 1, position);
        if (Values.AsList(value) is { } list)
        {
            builder.Append('[');
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0) builder.Append(',');
                NewLine(builder, indent, depth + 1);
                var item = list[i];
                Write(context, builder, item is Lambda ? null : item, indent, depth + 1, position);
            }
            if (list.Count > 0) NewLine(builder, indent, depth);
            builder.Append(']');
            return;
        }
        builder.Append('{');
        var first = true;
        foreach (var (key, item) in Members.Properties(value) ?? [])
        {
            if (item is Lambda) continue;
            if (!first) builder.Append(',');
            first = false;
            NewLine(builder, indent, depth + 1);
            WriteString(builder, key);
            builder.Append(indent.Length > 0 ? ": " : ":");
            Write(context, builder, item, indent, depth + 1, position);
        }
        if (!first) NewLine(builder, indent, depth);
        builder.Append('}');
    }

    private static void NewLine(TextBuilder builder, string indent, int depth)
    {
        if (indent.Length == 0) return;
        builder.Append('\n');
        for (var i = 0; i < depth; i++) builder.Append(indent);
    }

    /// <summary>Quotes a string as JSON.stringify does: escapes quotes, backslashes, control characters and lone surrogates.</summary>
    public static void WriteString(TextBuilder builder, string s)
    {
        builder.Append('"');
        var runStart = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => UnicodeEscape(c),
                _ when char.IsHighSurrogate(c) && (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) => UnicodeEscape(c),
                _ when char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1])) => UnicodeEscape(c),
                _ => null,
            };
            if (escape is null) continue;
            builder.Append(s, runStart, i - runStart);
            builder.Append(escape);
            runStart = i + 1;
        }
        builder.Append(s, runStart, s.Length - runStart);
        builder.Append('"');
    }

    private static string UnicodeEscape(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
}
