namespace Weft.Engine.Expressions;

/// <summary>One compiled expression: its delegate and how many arrow-parameter slots it needs.</summary>
internal sealed record CompiledCode(Evaluator Evaluate, int Slots);
