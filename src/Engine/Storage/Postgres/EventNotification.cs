using System.Globalization;

namespace Weft.Engine.Storage.Postgres;

/// <summary>The payloads of the events channel: <c>instanceId:seq</c>.</summary>
internal static class EventNotificationPayload
{
    public static string Format(string instanceId, long sequence) =>
        $"{instanceId}:{sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>instanceId:seq</c>; the id may itself hold colons, the number follows the last one.</summary>
    public static EventNotification? Parse(string payload)
    {
        var colon = payload.LastIndexOf(':');
        return colon > 0 && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? new EventNotification(payload[..colon], sequence)
            : null;
    }
}
