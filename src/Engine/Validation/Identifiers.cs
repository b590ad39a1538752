namespace Weft.Engine.Validation;

/// <summary>The character rules of workflow and node ids.</summary>
internal static class Identifiers
{
    /// <summary>Workflow ids appear in URLs and file names: ASCII letters, digits, '-', '_' and '.'.</summary>
    public static bool IsValidWorkflowId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>
    /// Node ids: ASCII letters, digits, '-' and '_'. No '.', which would be ambiguous in
    /// <c>nodes.&lt;id&gt;.output</c>, and no '#', which the runtime uses in scope names (<c>loop#2</c>).
    /// </summary>
    public static bool IsValidNodeId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
