namespace Weft.Engine.Activities.Core;

/// <summary>What one run of a <c>script.js</c> script may use. See <see cref="RunScriptInputs"/> for the defaults and why.</summary>
public sealed record ScriptLimits(TimeSpan Timeout, int MaxStatements, int MaxRecursion)
{
    /// <summary>
    /// The deepest call nesting allowed. Jint 2.10 interprets recursively on the thread's
    /// stack; the script thread's stack (<see cref="ScriptRunner.StackSize"/>) holds this many
    /// frames of ordinary functions with a wide margin.
    /// </summary>
    public const int RecursionCeiling = 1_000;
}
