namespace Weft.Engine.Activities;

/// <summary>Names an activity type and how the designer shows it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type) : Attribute
{
    /// <summary>The type name nodes use, e.g. <c>text.chunk</c>.</summary>
    public string Type { get; } = type;

    public string? DisplayName { get; init; }
    public string Category { get; init; } = "Core";
    public string? Description { get; init; }

    /// <summary>Static ports, in order. Default: <c>done</c>.</summary>
    public string[] Ports { get; init; } = [Model.Ports.Done];

    /// <summary>True for <c>flow.foreach</c>-like activities that hold a body.</summary>
    public bool IsContainer { get; init; }

    /// <summary>True for activities that start a workflow (e.g. <c>http.trigger</c>).</summary>
    public bool IsTrigger { get; init; }

    /// <summary>
    /// True for quick activities whose only effect is on the instance itself (set variables, choose a port, end the
    /// workflow), so running one again after a crash changes nothing anyone saw. The runtime runs such a node inline in
    /// the instance's loop, without a commit of its own before it starts: its start and end go into the next commit
    /// with the nodes around it, and what it emits is published with that commit. A crash before that commit loses the
    /// node's run, and it runs again from the last committed state. Nodes with a timeout or heartbeat timeout always run
    /// the ordinary way. Default: false.
    /// </summary>
    public bool Inline { get; init; }
}

/// <summary>Marks a property of an activity's inputs class as a node input.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    public string? Description { get; init; }

    /// <summary>A missing value fails validation (and the attempt, if it evaluates to null).</summary>
    public bool Required { get; init; }

    /// <summary>How the designer edits it: see <see cref="UiHints"/>. Default: inferred from the type.</summary>
    public string? UiHint { get; init; }

    /// <summary>Allowed values, shown as a select.</summary>
    public string[]? Options { get; init; }

    /// <summary>
    /// The runtime does not evaluate this input: the activity receives its text and evaluates it
    /// with <see cref="ActivityContext.Evaluate"/> when it needs to (e.g. a loop condition).
    /// </summary>
    public bool Lazy { get; init; }

    /// <summary>Overrides the inferred value type (see <c>ValueTypes</c>).</summary>
    public string? Type { get; init; }
}

/// <summary>Declares an output field of an activity for the designer's picker.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutputAttribute(string name, string type) : Attribute
{
    public string Name { get; } = name;
    public string Type { get; } = type;
    public string? Description { get; init; }
}

/// <summary>Editor kinds Studio knows.</summary>
public static class UiHints
{
    public const string Text = "text";
    public const string MultiLine = "multiline";
    public const string Number = "number";
    public const string Checkbox = "checkbox";
    public const string Select = "select";
    public const string Json = "json";
    public const string Template = "template";
    public const string Expression = "expression";
    public const string Code = "code";
    public const string Duration = "duration";
    public const string StringList = "string-list";
}
