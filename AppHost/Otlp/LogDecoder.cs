namespace Weft.AppHost.Otlp;

/// <summary>Decodes an ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1) fully before returning.</summary>
internal static class LogDecoder
{
    /// <summary>ExportLogsServiceRequest: 1 resource_logs.</summary>
    public static List<StoredLog> Decode(ReadOnlySpan<byte> payload)
    {
        var logs = new List<StoredLog>(128);
        var reader = new ProtoReader(payload);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1) ReadResourceLogs(reader.ReadBytes("ExportLogsServiceRequest.resource_logs"), logs);
            else reader.Skip();
        }
        return logs;
    }

    /// <summary>ResourceLogs: 1 resource, 2 scope_logs, 3 schema_url.</summary>
    private static void ReadResourceLogs(ReadOnlySpan<byte> data, List<StoredLog> logs)
    {
        var resource = OtlpCommon.FindResource(data);
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2) ReadScopeLogs(reader.ReadBytes("ResourceLogs.scope_logs"), resource, logs);
            else reader.Skip();
        }
    }

    /// <summary>ScopeLogs: 1 scope, 2 log_records, 3 schema_url.</summary>
    private static void ReadScopeLogs(ReadOnlySpan<byte> data, TelemetryResource resource, List<StoredLog> logs)
    {
        var scope = OtlpCommon.FindScopeName(data);
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 2) logs.Add(ReadLogRecord(reader.ReadBytes("ScopeLogs.log_records"), resource, scope));
            else reader.Skip();
        }
    }

    /// <summary>
    /// LogRecord: 1 time_unix_nano, 11 observed_time_unix_nano, 2 severity_number, 3 severity_text, 5 body,
    /// 6 attributes, 7 dropped_attributes_count, 8 flags, 9 trace_id, 10 span_id, 12 event_name.
    /// </summary>
    private static StoredLog ReadLogRecord(ReadOnlySpan<byte> data, TelemetryResource resource, string scope)
    {
        long time = 0, observed = 0;
        var severity = 0;
        string severityText = "", body = "";
        string? traceId = null, spanId = null;
        List<TelemetryAttribute>? attributes = null;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: time = (long)reader.ReadFixed64("LogRecord.time_unix_nano"); break;
                case 11: observed = (long)reader.ReadFixed64("LogRecord.observed_time_unix_nano"); break;
                case 2: severity = (int)Math.Min(reader.ReadVarint("LogRecord.severity_number"), 24); break;
                case 3: severityText = reader.ReadString("LogRecord.severity_text"); break;
                case 5: body = OtlpCommon.ReadAnyValue(reader.ReadBytes("LogRecord.body"), depth: 0); break;
                case 6: OtlpCommon.AddAttribute(ref attributes, reader.ReadBytes("LogRecord.attributes")); break;
                case 9: traceId = OtlpCommon.ReadId(reader.ReadBytes("LogRecord.trace_id"), 16, "LogRecord.trace_id", optional: true); break;
                case 10: spanId = OtlpCommon.ReadId(reader.ReadBytes("LogRecord.span_id"), 8, "LogRecord.span_id", optional: true); break;
                default: reader.Skip(); break;
            }
        }
        return new StoredLog(resource, scope, time != 0 ? time : observed, severity, LevelOf(severity, severityText), body,
            traceId, spanId, OtlpCommon.Freeze(attributes));
    }

    /// <summary>OTLP severity ranges: 1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal.</summary>
    internal static string LevelOf(int severity, string severityText) => severity switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => severityText.Length > 0 ? severityText : "Unspecified",
    };
}
