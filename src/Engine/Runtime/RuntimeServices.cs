using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Weft.Engine.Activities;
using Weft.Engine.Expressions;
using Weft.Engine.Storage;

namespace Weft.Engine.Runtime;

/// <summary>What every instance runner of one runtime shares.</summary>
internal sealed class RuntimeServices
{
    public required IWorkflowStore Store { get; init; }
    public required ActivityRegistry Registry { get; init; }
    public required ExpressionEngine Expressions { get; init; }
    public required WorkflowRuntimeOptions Options { get; init; }
    public required TimeProvider Time { get; init; }
    public required ILogger Logger { get; init; }
    public required ILogger ActivityLogger { get; init; }
    public required InstanceEventHub Hub { get; init; }
    public required DefinitionCache Definitions { get; init; }
    public required IServiceProvider ServiceProvider { get; init; }
    public required IExpressionObject Secrets { get; init; }

    /// <summary>Set once the client exists (it needs these services too).</summary>
    public IWorkflowClient Client { get; set; } = null!;

    /// <summary>Runners active in this process, by instance id: local signals and cancels reach them directly.</summary>
    public ConcurrentDictionary<string, InstanceRunner> Runners { get; } = new(StringComparer.Ordinal);

    /// <summary>Asks the dispatcher to look for work at <c>at</c> (now when null).</summary>
    public Action<DateTimeOffset?> WakeDispatcher { get; set; } = _ => { };

    /// <summary>The dispatcher that runs this process's own starts without a claim; null when this runtime runs no workers.</summary>
    public WorkDispatcher? LocalStarts { get; set; }

    public string WorkerId => Options.WorkerId;
}
