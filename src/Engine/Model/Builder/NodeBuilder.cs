using System.Text.Json.Nodes;

namespace Weft.Engine.Model;

/// <summary>Configures one node: its input values, retry and time limits, error behaviour, body.</summary>
public sealed class NodeBuilder
{
    private readonly string _id;
    private readonly string _type;
    private readonly BuilderIds _ids;
    private readonly Dictionary<string, JsonNode?> _inputs = new(StringComparer.Ordinal);
    private string? _name;
    private string? _description;
    private RetryPolicy? _retry;
    private TimeSpan? _timeout;
    private TimeSpan? _heartbeatTimeout;
    private OnErrorBehavior _onError = OnErrorBehavior.Fail;
    private JoinMode _join = JoinMode.All;
    private NodePosition? _position;
    private GraphBuilder? _body;

    internal NodeBuilder(string id, string type, BuilderIds ids)
    {
        _id = id;
        _type = type;
        _ids = ids;
    }

    public NodeBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public NodeBuilder Describe(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>
    /// Sets an input to a JSON literal or a <c>{{ expr }}</c> template. Strings, numbers and booleans
    /// convert implicitly: <c>.Input("size", 800)</c>, <c>.Input("text", "{{ input.text }}")</c>. Setting
    /// a name again replaces its value.
    /// </summary>
    public NodeBuilder Input(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // Copied: the caller's node may belong to another tree or be changed later.
        _inputs[name] = value?.DeepClone();
        return this;
    }

    /// <summary>Retries failed attempts. Parameters left out keep the <see cref="RetryPolicy"/> defaults.</summary>
    /// <param name="maxAttempts">Attempts in all, the first included. Default: 3.</param>
    /// <param name="initialInterval">Delay before the first retry. Default: 1 second.</param>
    /// <param name="backoff">Multiplier of the delay after each retry. Default: 2.0.</param>
    /// <param name="maxInterval">Upper bound of the delay. Default: 1 minute.</param>
    /// <param name="nonRetryable">Error types never retried. Default: none.</param>
    public NodeBuilder Retry(int maxAttempts = 3, TimeSpan? initialInterval = null, double? backoff = null, TimeSpan? maxInterval = null, IEnumerable<string>? nonRetryable = null)
    {
        var policy = new RetryPolicy { MaxAttempts = maxAttempts };
        if (initialInterval is { } initial) policy.InitialInterval = initial;
        if (backoff is { } factor) policy.Backoff = factor;
        if (maxInterval is { } max) policy.MaxInterval = max;
        if (nonRetryable is not null) policy.NonRetryable = [.. nonRetryable];
        _retry = policy;
        return this;
    }

    /// <summary>Retries failed attempts per <paramref name="policy"/> (copied).</summary>
    public NodeBuilder Retry(RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _retry = Copy(policy);
        return this;
    }

    /// <summary>Limits each attempt; past it the attempt fails as <c>Timeout</c>.</summary>
    public NodeBuilder Timeout(TimeSpan timeout)
    {
        _timeout = timeout;
        return this;
    }

    /// <summary>Cancels an attempt that reports no heartbeat for this long.</summary>
    public NodeBuilder HeartbeatTimeout(TimeSpan timeout)
    {
        _heartbeatTimeout = timeout;
        return this;
    }

    /// <summary>What happens when the last attempt fails. Default: <see cref="OnErrorBehavior.Fail"/>.</summary>
    public NodeBuilder OnError(OnErrorBehavior behavior)
    {
        _onError = behavior;
        return this;
    }

    /// <summary>When the node runs relative to its incoming edges. Default: <see cref="JoinMode.All"/>.</summary>
    public NodeBuilder Join(JoinMode mode)
    {
        _join = mode;
        return this;
    }

    /// <summary>The designer position (the engine ignores it).</summary>
    public NodeBuilder At(double x, double y)
    {
        _position = new NodePosition { X = x, Y = y };
        return this;
    }

    /// <summary>The body of a container node (<c>flow.foreach</c>, <c>flow.while</c>); calling it again adds to the same body.</summary>
    public NodeBuilder Body(Action<GraphBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _body ??= new GraphBuilder(_ids);
        configure(_body);
        return this;
    }

    internal NodeDefinition Build(EdgeIdGenerator edgeIds)
    {
        WorkflowGraph? body = null;
        if (_body is not null)
        {
            var (nodes, edges) = _body.Build(edgeIds);
            body = new WorkflowGraph { Nodes = nodes, Edges = edges };
        }
        return new NodeDefinition
        {
            Id = _id,
            Type = _type,
            Name = _name,
            Description = _description,
            Inputs = _inputs.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal),
            Retry = _retry is null ? null : Copy(_retry),
            Timeout = _timeout,
            HeartbeatTimeout = _heartbeatTimeout,
            OnError = _onError,
            Join = _join,
            Position = _position is null ? null : new NodePosition { X = _position.X, Y = _position.Y },
            Body = body,
        };
    }

    private static RetryPolicy Copy(RetryPolicy policy) => new()
    {
        MaxAttempts = policy.MaxAttempts,
        InitialInterval = policy.InitialInterval,
        Backoff = policy.Backoff,
        MaxInterval = policy.MaxInterval,
        NonRetryable = [.. policy.NonRetryable],
    };
}
