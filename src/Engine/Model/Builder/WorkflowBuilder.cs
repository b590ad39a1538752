using System.Text.Json.Nodes;

namespace Weft.Engine.Model;

/// <summary>
/// Builds a <see cref="WorkflowDefinition"/> in code. <see cref="Build"/> returns a new definition each
/// time (the builder can be reused and extended) and does not validate: run
/// <c>WorkflowValidator</c> on the result. Mistakes the builder sees at once — a node id used twice,
/// an input or variable declared twice — throw <see cref="InvalidOperationException"/> where they are made.
/// </summary>
public sealed class WorkflowBuilder
{
    private readonly string _id;
    private readonly int _version;
    private readonly BuilderIds _ids = new();
    private readonly GraphBuilder _graph;
    private readonly List<WorkflowInput> _inputs = [];
    private readonly List<WorkflowVariable> _variables = [];
    private readonly WorkflowOptions _options = new();
    private string? _name;
    private string? _description;

    internal WorkflowBuilder(string id, int version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        _id = id;
        _version = version;
        _graph = new GraphBuilder(_ids);
    }

    public WorkflowBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public WorkflowBuilder Describe(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Declares an input the caller passes at start.</summary>
    /// <param name="type">One of <see cref="ValueTypes"/>; default <c>any</c>.</param>
    /// <param name="required">Default false.</param>
    /// <param name="defaultValue">Used when the caller leaves the input out; default none.</param>
    public WorkflowBuilder Input(string name, string type = ValueTypes.Any, bool required = false, JsonNode? defaultValue = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_inputs.Exists(i => i.Name == name)) throw new InvalidOperationException($"Workflow input '{name}' is declared twice.");
        _inputs.Add(new WorkflowInput { Name = name, Type = type, Required = required, Default = defaultValue?.DeepClone(), Description = description });
        return this;
    }

    /// <summary>Declares an instance variable, read as <c>vars.name</c>.</summary>
    /// <param name="type">One of <see cref="ValueTypes"/>; default <c>any</c>.</param>
    /// <param name="defaultValue">The initial value; default null.</param>
    public WorkflowBuilder Variable(string name, string type = ValueTypes.Any, JsonNode? defaultValue = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_variables.Exists(v => v.Name == name)) throw new InvalidOperationException($"Workflow variable '{name}' is declared twice.");
        _variables.Add(new WorkflowVariable { Name = name, Type = type, Default = defaultValue?.DeepClone() });
        return this;
    }

    /// <summary>Limits the whole run; when it passes the instance ends TimedOut. Default: none.</summary>
    public WorkflowBuilder ExecutionTimeout(TimeSpan timeout)
    {
        _options.ExecutionTimeout = timeout;
        return this;
    }

    /// <summary>The queue instances run on. Default: <c>default</c>.</summary>
    public WorkflowBuilder Queue(string queue)
    {
        _options.Queue = queue;
        return this;
    }

    /// <summary>What a start with a key that already exists does. Default: <see cref="IdempotencyMode.UseExisting"/>.</summary>
    public WorkflowBuilder Idempotency(IdempotencyMode mode)
    {
        _options.Idempotency = mode;
        return this;
    }

    /// <summary>Whether runs are stored as they go or only when they must. Default: <see cref="WorkflowDurability.Durable"/>.</summary>
    public WorkflowBuilder Durability(WorkflowDurability durability)
    {
        _options.Durability = durability;
        return this;
    }

    /// <summary>How many nodes of one instance may run at once. Default: 8.</summary>
    public WorkflowBuilder MaxParallelism(int maxParallelism)
    {
        _options.MaxParallelism = maxParallelism;
        return this;
    }

    /// <inheritdoc cref="GraphBuilder.Node"/>
    public WorkflowBuilder Node(string id, string type, Action<NodeBuilder>? configure = null)
    {
        _graph.Node(id, type, configure);
        return this;
    }

    /// <inheritdoc cref="GraphBuilder.Edge"/>
    public WorkflowBuilder Edge(string source, string target, string port = Ports.Done, string? id = null)
    {
        _graph.Edge(source, target, port, id);
        return this;
    }

    /// <inheritdoc cref="GraphBuilder.Sequence"/>
    public WorkflowBuilder Sequence(params string[] nodeIds)
    {
        _graph.Sequence(nodeIds);
        return this;
    }

    /// <summary>A new definition with everything declared so far; later changes to the builder do not affect it.</summary>
    public WorkflowDefinition Build()
    {
        var (nodes, edges) = _graph.Build(_ids.NewEdgeIdGenerator());
        return new WorkflowDefinition
        {
            Id = _id,
            Version = _version,
            Name = _name,
            Description = _description,
            Inputs = [.. _inputs.Select(i => new WorkflowInput { Name = i.Name, Type = i.Type, Required = i.Required, Default = i.Default?.DeepClone(), Description = i.Description })],
            Variables = [.. _variables.Select(v => new WorkflowVariable { Name = v.Name, Type = v.Type, Default = v.Default?.DeepClone() })],
            Options = new WorkflowOptions
            {
                ExecutionTimeout = _options.ExecutionTimeout,
                Queue = _options.Queue,
                Idempotency = _options.Idempotency,
                MaxParallelism = _options.MaxParallelism,
                Durability = _options.Durability,
            },
            Nodes = nodes,
            Edges = edges,
        };
    }
}
