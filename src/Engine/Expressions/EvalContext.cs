namespace Weft.Engine.Expressions;

/// <summary>
/// The mutable state of one evaluation: the scope, the arrow-function parameter slots, and the
/// step budget. One per thread is reused (rented and returned) so the hot path allocates nothing.
/// </summary>
internal sealed class EvalContext
{
    [ThreadStatic] private static EvalContext? t_spare;

    public IExpressionScope Scope { get; private set; } = EmptyScope.Instance;
    public ExpressionLimits Limits { get; private set; } = ExpressionLimits.Default;

    /// <summary>The expression or template text positions refer to.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Arrow-function parameter values, by the slot the compiler gave each parameter.</summary>
    public object?[] Locals { get; private set; } = [];

    private long _steps;
    private int _slots;

    public static EvalContext Rent(IExpressionScope scope, ExpressionLimits limits, string source, int slots)
    {
        var context = t_spare ?? new EvalContext();
        t_spare = null; // an evaluation re-entered from a scope callback gets its own context
        context.Scope = scope;
        context.Limits = limits;
        context.Source = source;
        context._steps = 0;
        context._slots = slots;
        if (context.Locals.Length < slots) context.Locals = new object?[Math.Max(slots, 8)];
        return context;
    }

    public static void Return(EvalContext context)
    {
        if (context._slots > 0) Array.Clear(context.Locals, 0, context._slots);
        context.Scope = EmptyScope.Instance;
        context.Source = "";
        t_spare = context;
    }

    /// <summary>A context for converting values outside an evaluation (public helpers): default limits, fresh budget.</summary>
    public static EvalContext Detached(ExpressionLimits? limits = null)
    {
        var context = new EvalContext { Limits = limits ?? ExpressionLimits.Default };
        return context;
    }

    public void Charge(long steps, int position)
    {
        _steps += steps;
        if (_steps > Limits.MaxSteps)
            throw LimitError(position, $"The expression did more than {Limits.MaxSteps} steps of work (MaxSteps)");
    }

    /// <summary>Checks (before allocating) that a string of <paramref name="length"/> chars may be built, and charges for it.</summary>
    public void ReserveString(double length, int position)
    {
        if (length > Limits.MaxStringLength)
            throw LimitError(position, $"The expression would build a string of {NumberFormatter.Format(length)} characters, more than the limit of {Limits.MaxStringLength} (MaxStringLength)");
        Charge((long)length >> 4, position);
    }

    /// <summary>Checks (before allocating) that a collection of <paramref name="count"/> elements may be built, and charges for it.</summary>
    public void ReserveCollection(long count, int position)
    {
        if (count > Limits.MaxCollectionLength)
            throw LimitError(position, $"The expression would build a collection of {count} elements, more than the limit of {Limits.MaxCollectionLength} (MaxCollectionLength)");
        Charge(count, position);
    }

    /// <summary>Charges for scanning <paramref name="length"/> chars (1 step per 256: scanning is cheap, building is not).</summary>
    public void ChargeScan(long length, int position) => Charge(1 + (length >> 8), position);

    public void CheckDepth(int depth, int position)
    {
        if (depth > Limits.MaxDepth)
            throw LimitError(position, $"The value is nested more than {Limits.MaxDepth} levels deep (MaxDepth)");
    }

    public ExpressionRuntimeException Error(int position, string message, Exception? inner = null) => new(message, Source, position, inner);

    public ExpressionLimitException LimitError(int position, string message) => new(message, Source, position);

    private sealed class EmptyScope : IExpressionScope
    {
        public static readonly EmptyScope Instance = new();

        public bool TryGetRoot(string name, out object? value)
        {
            value = null;
            return false;
        }
    }
}
