namespace Weft.Activities.Schema;

/// <summary>One way a JSON value breaks a schema: where (<c>$.items[2].name</c>) and what.</summary>
public sealed record SchemaError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
