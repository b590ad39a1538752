using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Engine.Activities;

namespace Weft.Activities.Chat;

/// <summary>
/// Publishes streamed text as <c>token</c> events on the instance's event stream:
/// <c>{nodeId, seq, delta, ts, round}</c> plus any extra fields the node asks for (e.g. a request id).
/// <c>seq</c> counts from 0 in each attempt, across the rounds of that attempt, so a client can order
/// and de-duplicate, and knows a new attempt began when it sees 0 again. <c>round</c> is 1, or 2 for
/// the tokens of a structured-output repair round (a client showing the text starts over then).
/// </summary>
public sealed class TokenEmitter(ActivityContext context, JsonObject? extraFields = null)
{
    public const string EventType = "token";

    private long _sequence;

    /// <summary>1 for the first model call of the attempt, 2 for the repair round.</summary>
    public int Round { get; set; } = 1;

    /// <summary>Events published so far.</summary>
    public long Count => _sequence;

    public ValueTask EmitAsync(string delta)
    {
        var data = new JsonObject();
        if (extraFields is not null)
        {
            foreach (var (name, value) in extraFields) data[name] = value?.DeepClone();
        }
        data["nodeId"] = context.NodeId;
        data["seq"] = _sequence++;
        data["delta"] = delta;
        data["round"] = Round;
        data["ts"] = context.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture);
        return context.EmitAsync(EventType, data);
    }
}
