namespace Weft.Engine.Activities.Core;

/// <summary>The built-in activities every Weft runtime knows (DESIGN.md §5, core list; the http.* activities are registered by Http.HttpActivities).</summary>
public static class CoreActivities
{
    /// <summary>Adds <c>log</c>, <c>vars.set</c>, <c>flow.*</c>, <c>timer.delay</c>, <c>signal.wait</c>, <c>workflow.run</c> and <c>script.js</c>.</summary>
    public static ActivityRegistry Register(ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add<LogActivity>()
            .Add<SetVariablesActivity>()
            .Add<IfActivity>()
            .Add<SwitchActivity>()
            .Add<ForEachActivity>()
            .Add<WhileActivity>()
            .Add<FailActivity>()
            .Add<FinishActivity>()
            .Add<DelayActivity>()
            .Add<WaitForSignalActivity>()
            .Add<RunWorkflowActivity>()
            .Add<RunScriptActivity>();
    }
}
