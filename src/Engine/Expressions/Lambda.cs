namespace Weft.Engine.Expressions;

internal delegate object? Evaluator(EvalContext context);

/// <summary>
/// A compiled arrow function. It holds no per-evaluation state: its parameters live in the
/// <see cref="EvalContext.Locals"/> slots the compiler assigned, so one instance serves every
/// evaluation and thread. (Arrows can only be call arguments, so they never outlive the call.)
/// </summary>
internal sealed class Lambda(ParameterBinding[] parameters, Evaluator body, int cost, int position)
{
    public int Position { get; } = position;

    public object? Invoke(EvalContext context, object? first, object? second) => Invoke(context, first, second, null);

    public object? Invoke(EvalContext context, object? first, object? second, object? third) => Invoke(context, first, second, third, null);

    public object? Invoke(EvalContext context, object? first, object? second, object? third, object? fourth)
    {
        context.Charge(cost, Position);
        if (parameters.Length > 0) Bind(context, parameters[0], first);
        if (parameters.Length > 1) Bind(context, parameters[1], second);
        if (parameters.Length > 2) Bind(context, parameters[2], third);
        if (parameters.Length > 3) Bind(context, parameters[3], fourth);
        return body(context);
    }

    private static void Bind(EvalContext context, ParameterBinding parameter, object? value)
    {
        var locals = context.Locals;
        if (parameter.ArraySlots is null && parameter.ObjectSlots is null)
        {
            locals[parameter.Slot] = value;
            return;
        }
        if (value is null) throw context.Error(parameter.Position, "Cannot destructure null");
        if (parameter.ArraySlots is { } arraySlots)
        {
            IReadOnlyList<object?>? list = value is string s ? s.Select(c => (object?)Values.CharString(c)).ToArray() : Values.AsList(value);
            if (list is null) throw context.Error(parameter.Position, $"Cannot destructure {Values.TypeName(value)} as an array");
            for (var i = 0; i < arraySlots.Length; i++)
                if (arraySlots[i] >= 0) locals[arraySlots[i]] = i < list.Count ? list[i] : null;
            return;
        }
        foreach (var (key, slot) in parameter.ObjectSlots!)
            locals[slot] = Members.Get(context, value, key, parameter.Position);
    }
}

/// <summary>Where a parameter's value (or each destructured part of it) goes. Array holes have slot -1.</summary>
internal sealed record ParameterBinding(int Position, int Slot, int[]? ArraySlots, (string Key, int Slot)[]? ObjectSlots);
