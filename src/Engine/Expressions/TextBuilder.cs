using System.Text;

namespace Weft.Engine.Expressions;

/// <summary>
/// A <see cref="StringBuilder"/> that refuses to grow past <see cref="ExpressionLimits.MaxStringLength"/>
/// (checked before each append) and charges the text it built to the step budget when done.
/// </summary>
internal sealed class TextBuilder(EvalContext context, int position)
{
    private readonly StringBuilder _builder = new();

    public int Length => _builder.Length;

    public TextBuilder Append(string text)
    {
        Reserve(text.Length);
        _builder.Append(text);
        return this;
    }

    public TextBuilder Append(char c)
    {
        Reserve(1);
        _builder.Append(c);
        return this;
    }

    public TextBuilder Append(string text, int start, int count)
    {
        Reserve(count);
        _builder.Append(text, start, count);
        return this;
    }

    public TextBuilder Append(char c, int repeat)
    {
        Reserve(repeat);
        _builder.Append(c, repeat);
        return this;
    }

    private void Reserve(long extra)
    {
        var length = _builder.Length + extra;
        if (length > context.Limits.MaxStringLength) context.ReserveString(length, position);
    }

    public override string ToString()
    {
        context.ReserveString(_builder.Length, position);
        return _builder.ToString();
    }
}
