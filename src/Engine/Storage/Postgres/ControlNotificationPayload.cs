namespace Weft.Engine.Storage.Postgres;

/// <summary>The payloads of the control channel: <c>signal:instanceId</c>, <c>cancel:instanceId</c>, <c>terminate:instanceId</c>.</summary>
internal static class ControlNotificationPayload
{
    private const string Signal = "signal:";
    private const string Cancel = "cancel:";
    private const string Terminate = "terminate:";

    public static string ForSignal(string instanceId) => Signal + instanceId;

    public static string ForStop(string instanceId, CancelRequest request) =>
        (request == CancelRequest.Terminate ? Terminate : Cancel) + instanceId;

    public static InstanceControlNotification? Parse(string payload) =>
        payload.StartsWith(Signal, StringComparison.Ordinal) ? new(payload[Signal.Length..], InstanceControl.Signal)
        : payload.StartsWith(Cancel, StringComparison.Ordinal) ? new(payload[Cancel.Length..], InstanceControl.Cancel)
        : payload.StartsWith(Terminate, StringComparison.Ordinal) ? new(payload[Terminate.Length..], InstanceControl.Terminate)
        : null;
}
