using Weft.Engine.Activities;

namespace Weft.Engine.Runtime;

/// <summary>
/// Inline nodes: activities marked <c>[Activity(Inline = true)]</c> run in the runner's loop as soon as they are
/// prepared, before the commit that would otherwise record their start. Their start and end go into the next commit
/// together with whatever follows them, so a chain of <c>vars.set</c>/<c>flow.if</c> nodes costs one commit, not one
/// each. Safe because such an activity changes nothing outside the instance: if the process dies before that commit,
/// the run is lost with it and goes again from the last committed state, and nobody saw the difference. What an inline
/// activity shows the outside (its events, an <c>http.respond</c> answer) is published with that commit, never before.
/// </summary>
internal sealed partial class InstanceRunner
{
    /// <summary>Inline nodes run since the last commit (bounded by <see cref="WorkflowRuntimeOptions.MaxInlineNodesPerCommit"/>).</summary>
    private int _inlineSinceCommit;

    /// <summary>Runs the prepared attempts that may run inline and applies their outcomes; true when any ran.</summary>
    private async ValueTask<bool> RunInlineAttemptsAsync()
    {
        var ran = false;
        for (var i = 0; i < _prepared.Count; i++)
        {
            var prepared = _prepared[i];
            if (!MayRunInline(prepared)) continue;
            _prepared.RemoveAt(i--);
            var outcome = await RunInlineAsync(prepared).ConfigureAwait(false);
            var attempt = new RunningAttempt(prepared.Scope, prepared.Definition, prepared.Kind, prepared.Journal,
                prepared.Host.Container, Task.FromResult(outcome), prepared.Span, Inline: true);
            ApplyOutcome(attempt, outcome);
            _inlineSinceCommit++;
            ran = true;
        }
        return ran;
    }

    private bool MayRunInline(PreparedAttempt prepared) =>
        prepared.Kind == AttemptKind.Execute
        && _inlineSinceCommit < Services.Options.MaxInlineNodesPerCommit
        && prepared.Definition.Timeout is null
        && prepared.Definition.HeartbeatTimeout is null
        && Services.Registry.TryGet(prepared.Definition.Type, out var registration)
        && registration.Descriptor.IsInline;

    /// <summary>Runs one inline attempt on the loop's thread; like <see cref="AttemptExecutor"/>, never throws.</summary>
    private async ValueTask<AttemptOutcome> RunInlineAsync(PreparedAttempt prepared)
    {
        if (prepared.Failure is { } failure) return AttemptExecutor.FromException(failure, Services.Time);
        Services.Registry.TryGet(prepared.Definition.Type, out var registration);
        prepared.Host.RunsInline = true;
        // As on the thread pool: what the activity logs or traces belongs to its node's span.
        var previous = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = prepared.Span;
        var context = new ActivityContext(prepared.Host, prepared.Definition, prepared.Inputs, prepared.Node.Attempt, _stopAttempts.Token);
        try
        {
            var result = await registration!.Activity.ExecuteAsync(context).ConfigureAwait(false);
            return new AttemptOutcome(AttemptResult.Succeeded, result, null, false, prepared.Host.Variables, Services.Time.GetUtcNow());
        }
        catch (Exception ex)
        {
            return AttemptExecutor.FromException(ex, Services.Time);
        }
        finally
        {
            System.Diagnostics.Activity.Current = previous;
            prepared.Host.RunsInline = false;
        }
    }
}
