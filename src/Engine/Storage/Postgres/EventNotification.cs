using System.Globalization;

namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// Events of <see cref="InstanceId"/> were written up to <see cref="Sequence"/> (by any process on the database):
/// read them with <see cref="IWorkflowStore.GetEventsAsync"/> after the last sequence you have.
/// </summary>
public sealed record EventNotification(string InstanceId, long Sequence)
{
    internal static string Format(string instanceId, long sequence) =>
        $"{instanceId}:{sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>instanceId:seq</c>; the id may itself hold colons, the number follows the last one.</summary>
    internal static EventNotification? Parse(string payload)
    {
        var colon = payload.LastIndexOf(':');
        return colon > 0 && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? new EventNotification(payload[..colon], sequence)
            : null;
    }
}
