namespace Weft.Engine.Validation;

/// <summary>One problem of a workflow definition.</summary>
/// <param name="Code">One of <see cref="ValidationCodes"/>.</param>
/// <param name="Message">A sentence for the author: what is wrong and, when it helps, how to fix it.</param>
/// <param name="Path">JSON path into the definition document, e.g. <c>$.nodes[3].inputs.text</c> or <c>$.edges[1].target</c>.</param>
/// <param name="NodeId">The node the error is about; for edge errors, the edge's source node when it exists (else its target).</param>
/// <param name="EdgeId">The edge the error is about, when it is about an edge.</param>
public sealed record ValidationError(string Code, string Message, string Path, string? NodeId, string? EdgeId = null);
