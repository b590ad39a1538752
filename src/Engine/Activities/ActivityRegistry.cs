using System.Diagnostics.CodeAnalysis;
using Weft.Engine.Model;

namespace Weft.Engine.Activities;

/// <summary>The activity types a runtime knows, with their descriptors. Register at start-up; read concurrently after.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityRegistration> _byType = new(StringComparer.Ordinal);

    public ActivityRegistry Add<TActivity>() where TActivity : IActivity, new() => Add(new TActivity());

    public ActivityRegistry Add(IActivity activity)
    {
        var descriptor = DescriptorFactory.Create(activity.GetType());
        if (!_byType.TryAdd(descriptor.Type, new ActivityRegistration(descriptor, activity)))
            throw new InvalidOperationException($"Activity type '{descriptor.Type}' is registered twice.");
        return this;
    }

    public bool TryGet(string type, [NotNullWhen(true)] out ActivityRegistration? registration) =>
        _byType.TryGetValue(type, out registration);

    public IEnumerable<ActivityDescriptor> Descriptors => _byType.Values.Select(r => r.Descriptor).OrderBy(d => d.Category).ThenBy(d => d.Type);

    /// <summary>The ports of a node: computed by the activity when it provides them, else the static ones.</summary>
    public IReadOnlyList<string> PortsOf(NodeDefinition node) =>
        _byType.TryGetValue(node.Type, out var r)
            ? r.Activity is IPortProvider provider ? provider.GetPorts(node) : r.Descriptor.Ports
            : [];
}

public sealed record ActivityRegistration(ActivityDescriptor Descriptor, IActivity Activity);
