namespace Weft.Engine.Activities;

/// <summary>
/// A step type. Implementations are stateless singletons: everything about one execution
/// arrives in the <see cref="ActivityContext"/>. Most activities derive from
/// <see cref="Activity{TInputs}"/>, which binds typed inputs and produces the descriptor.
/// </summary>
public interface IActivity
{
    /// <summary>Runs one attempt. Throw <see cref="ActivityException"/> (or any exception) to fail it.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);
}

/// <summary>An activity that suspends on a bookmark and continues when it is resumed.</summary>
public interface IResumableActivity : IActivity
{
    /// <summary>Called when the bookmark the activity suspended on is resumed (signal, timer, child end, timeout).</summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, BookmarkResumption resumption);
}

/// <summary>An activity whose ports depend on how the node is configured (one port per case, per intent…).</summary>
public interface IPortProvider
{
    /// <summary>The ports of <paramref name="node"/>; must not evaluate expressions (runs at validation time).</summary>
    IReadOnlyList<string> GetPorts(Model.NodeDefinition node);
}
