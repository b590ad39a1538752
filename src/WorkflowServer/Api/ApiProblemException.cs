namespace Weft.WorkflowServer.Api;

/// <summary>
/// A request the API refuses, thrown where the problem is found and written as Problem Details by the
/// exception handler. <see cref="Field"/> names what was wrong: a JSON path into the body (<c>$.input.name</c>),
/// a query parameter, a route value or a header.
/// </summary>
public sealed class ApiProblemException(int status, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string? Field { get; } = field;

    /// <summary>More members of the Problem Details (e.g. <c>errors</c>, <c>line</c>).</summary>
    public Dictionary<string, object?> Extensions { get; } = new(StringComparer.Ordinal);

    public static ApiProblemException BadRequest(string detail, string? field = null) => new(StatusCodes.Status400BadRequest, detail, field);
    public static ApiProblemException NotFound(string detail, string? field = null) => new(StatusCodes.Status404NotFound, detail, field);
    public static ApiProblemException Conflict(string detail, string? field = null) => new(StatusCodes.Status409Conflict, detail, field);

    public ApiProblemException With(string name, object? value)
    {
        Extensions[name] = value;
        return this;
    }
}
