using System.Text.Json;
using Weft.Engine.Model;

namespace Weft.Engine.Activities;

/// <summary>
/// The usual way to write an activity: declare an inputs class whose properties carry
/// <see cref="InputAttribute"/> (property initialisers are the defaults the designer shows),
/// and implement <see cref="ExecuteAsync(TInputs, ActivityContext)"/>. The evaluated node
/// inputs are bound to <typeparamref name="TInputs"/>; a value of the wrong type fails the
/// attempt as a non-retryable <c>ValidationError</c> naming the input.
/// </summary>
public abstract class Activity<TInputs> : IActivity where TInputs : class, new()
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ExecuteAsync(Bind(context), context);

    protected abstract ValueTask<ActivityResult> ExecuteAsync(TInputs inputs, ActivityContext context);

    /// <summary>Binds the evaluated inputs of <paramref name="context"/> to the inputs class.</summary>
    protected static TInputs Bind(ActivityContext context)
    {
        try
        {
            return context.Inputs.Deserialize<TInputs>(WeftJson.Options) ?? new TInputs();
        }
        catch (ArgumentException ex)
        {
            // System.Text.Json refuses NaN and Infinity in numeric properties with ArgumentException.
            throw ActivityException.Validation($"An input of node '{context.NodeId}' has a value its type cannot hold: {ex.Message}");
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 2 } p ? p[2..] : "(inputs)";
            throw ActivityException.Validation($"Input '{path}' of node '{context.NodeId}' has the wrong type: {ex.Message}");
        }
    }
}
