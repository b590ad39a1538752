namespace Weft.Activities.Documents;

/// <summary>A range of a text: <see cref="Start"/> inclusive, <see cref="End"/> exclusive, in UTF-16 code units.</summary>
internal readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
}
