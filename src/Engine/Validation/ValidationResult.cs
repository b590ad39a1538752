namespace Weft.Engine.Validation;

/// <summary>Every problem found in a definition, in document order; none means the definition can be published.</summary>
public sealed record ValidationResult(IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
