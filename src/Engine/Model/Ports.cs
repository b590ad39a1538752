namespace Weft.Engine.Model;

/// <summary>Port names with a meaning to the engine.</summary>
public static class Ports
{
    /// <summary>The port a node completes on unless its activity names another.</summary>
    public const string Done = "done";

    /// <summary>The port of a node whose last attempt failed with <c>onError: route</c>.</summary>
    public const string Error = "error";
}
