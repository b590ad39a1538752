namespace Weft.Activities.Schema;

/// <summary>One way a JSON value breaks a schema: where (<c>$.items[2].name</c>) and what.</summary>
public sealed record SchemaError(string Path, string Message)
{
    /// <summary>The value is of the wrong type: an anyOf/oneOf alternative that fails this way is a poor hint.</summary>
    internal bool IsTypeMismatch { get; init; }

    public override string ToString() => $"{Path}: {Message}";
}
