using System.Text.Json.Nodes;

namespace Weft.Engine.Activities;

/// <summary>What Studio and validation know about an activity type: it drives the palette and the inspector.</summary>
/// <param name="IsInline">Runs inline in the instance's loop, committed with the nodes around it (<see cref="ActivityAttribute.Inline"/>).</param>
public sealed record ActivityDescriptor(
    string Type,
    string DisplayName,
    string Category,
    string? Description,
    IReadOnlyList<InputDescriptor> Inputs,
    IReadOnlyList<OutputDescriptor> Outputs,
    IReadOnlyList<string> Ports,
    bool HasComputedPorts,
    bool IsContainer,
    bool IsTrigger,
    bool IsInline = false);

/// <param name="Name">camelCase, as in the node's <c>inputs</c>.</param>
/// <param name="Type">One of <c>ValueTypes</c>.</param>
/// <param name="Default">The value used when the node leaves the input out.</param>
public sealed record InputDescriptor(
    string Name,
    string Type,
    bool Required,
    JsonNode? Default,
    string? Description,
    string UiHint,
    IReadOnlyList<string>? Options,
    bool Lazy);

public sealed record OutputDescriptor(string Name, string Type, string? Description);
