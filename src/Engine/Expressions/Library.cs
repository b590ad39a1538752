using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Weft.Engine.Expressions;

/// <summary>
/// The fixed library, as the compiler sees it: functions by their full name ("Math.max",
/// "parseInt"), constants ("Math.PI"), and methods by name for each kind of receiver.
/// </summary>
internal static class Library
{
    /// <summary>Names that are the library's, not scope roots, when written as <c>Name.member</c> or called.</summary>
    public static readonly FrozenSet<string> Namespaces = FrozenSet.Create(StringComparer.Ordinal, "Math", "JSON", "Object", "Array", "Number");

    public static readonly FrozenDictionary<string, Builtin> Functions = MathFunctions.All
        .Concat(JsonFunctions.All).Concat(ObjectFunctions.All).Concat(GlobalFunctions.All)
        .ToFrozenDictionary(b => b.Name, StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, object?> Constants = MathFunctions.Constants
        .Concat(GlobalFunctions.Constants)
        .ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, Builtin>[] MethodTables =
        [StringMethods.All, ArrayMethods.All, NumberMethods.All, NumberMethods.Common];

    public static bool IsMethod(string name) => MethodTables.Any(t => t.ContainsKey(name));

    /// <summary>Argument positions where some method of this name takes a function.</summary>
    public static int MethodCallbackArguments(string name) =>
        MethodTables.Select(t => t.TryGetValue(name, out var b) ? b.CallbackArguments : 0).Aggregate(0, (a, b) => a | b);

    /// <summary>The methods of one name, resolved once at compile time; <see cref="For"/> picks by receiver at run time.</summary>
    public static MethodSet Methods(string name) => new(
        StringMethods.All.GetValueOrDefault(name),
        ArrayMethods.All.GetValueOrDefault(name),
        NumberMethods.All.GetValueOrDefault(name),
        NumberMethods.Common.GetValueOrDefault(name));

    /// <summary>For messages: a known name differing only in case, e.g. "toUppercase" → "toUpperCase".</summary>
    public static string? SuggestMethod(string name) =>
        MethodTables.SelectMany(t => t.Keys).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    public static string? SuggestFunction(string name) =>
        Functions.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    internal sealed record MethodSet(Builtin? OfString, Builtin? OfArray, Builtin? OfNumber, Builtin? OfAny)
    {
        public Builtin? For(object? target) => target switch
        {
            string => OfString,
            JsonArray or ArrayValue => OfArray,
            double => OfNumber,
            _ => null,
        } ?? (target is Lambda ? null : OfAny);
    }
}
