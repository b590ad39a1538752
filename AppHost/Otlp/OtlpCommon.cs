using System.Globalization;
using System.Text;

namespace Weft.AppHost.Otlp;

/// <summary>
/// The messages every OTLP signal shares (opentelemetry/proto/common/v1 and resource/v1): KeyValue,
/// AnyValue, InstrumentationScope and Resource, decoded by field number.
/// </summary>
internal static class OtlpCommon
{
    private static readonly TelemetryAttribute[] NoAttributes = [];

    /// <summary>Encoded KeyValue → attribute: most attributes of a batch repeat (keys, models, node ids).</summary>
    private static readonly Utf8Cache<TelemetryAttribute> Attributes = new(maxEntries: 50_000, maxBytes: 256);

    /// <summary>Span, metric and scope names: few distinct ones, repeated in every batch.</summary>
    private static readonly Utf8Cache<string> Names = new(maxEntries: 20_000, maxBytes: 256);

    /// <summary>A name field, shared with earlier records that had the same bytes; 400 when not UTF-8.</summary>
    public static string ReadName(ref ProtoReader reader, string what)
    {
        var bytes = reader.ReadBytes(what);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw new OtlpFormatException($"{what}: not valid UTF-8");
        return bytes.IsEmpty ? "" : Names.GetOrDecode(bytes, static b => Encoding.UTF8.GetString(b));
    }

    /// <summary>
    /// The Resource (field 1) of a ResourceSpans/ResourceLogs/ResourceMetrics message, wherever it sits
    /// on the wire, so its records can be built with it in one pass. Other fields are checked later.
    /// </summary>
    public static TelemetryResource FindResource(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        while (reader.Next())
            if (reader.FieldNumber == 1) return ReadResource(reader.ReadBytes("resource"));
            else reader.Skip();
        return new TelemetryResource(TelemetryResource.UnknownName, NoAttributes);
    }

    /// <summary>The scope name (field 1) of a ScopeSpans/ScopeLogs/ScopeMetrics message.</summary>
    public static string FindScopeName(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        while (reader.Next())
            if (reader.FieldNumber == 1) return ReadScopeName(reader.ReadBytes("scope"));
            else reader.Skip();
        return "";
    }

    /// <summary>Resource: 1 attributes (KeyValue), 2 dropped_attributes_count.</summary>
    public static TelemetryResource ReadResource(ReadOnlySpan<byte> data)
    {
        var attributes = new List<TelemetryAttribute>();
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1) attributes.Add(Attributes.GetOrDecode(reader.ReadBytes("Resource.attributes"), ReadKeyValue));
            else reader.Skip();
        }
        return new TelemetryResource(ResourceName(attributes), attributes);
    }

    /// <summary>
    /// <c>service.name</c>, or for a replica the AppHost names "server-2" through <c>service.instance.id</c>
    /// (an id that starts with the service name and a dash), so telemetry names match the resource list.
    /// </summary>
    internal static string ResourceName(List<TelemetryAttribute> attributes)
    {
        var name = attributes.Find(a => a.Key == "service.name")?.Value;
        if (string.IsNullOrEmpty(name)) return TelemetryResource.UnknownName;
        var instance = attributes.Find(a => a.Key == "service.instance.id")?.Value;
        return instance is not null && instance.Length > name.Length + 1 && instance.StartsWith(name + "-", StringComparison.Ordinal)
            ? instance
            : name;
    }

    /// <summary>InstrumentationScope: 1 name, 2 version, 3 attributes, 4 dropped_attributes_count. Only the name is kept.</summary>
    public static string ReadScopeName(ReadOnlySpan<byte> data)
    {
        var name = "";
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber == 1) name = ReadName(ref reader, "InstrumentationScope.name");
            else if (reader.FieldNumber == 3) ReadKeyValue(reader.ReadBytes("InstrumentationScope.attributes"));
            else reader.Skip();
        }
        return name;
    }

    /// <summary>Appends a KeyValue field to a lazily created list (most spans of a batch have some).</summary>
    public static void AddAttribute(ref List<TelemetryAttribute>? list, ReadOnlySpan<byte> data) =>
        (list ??= new List<TelemetryAttribute>(8)).Add(Attributes.GetOrDecode(data, ReadKeyValue));

    /// <summary>An exact-size array: what the store keeps for up to 100,000 records should carry no spare capacity.</summary>
    public static IReadOnlyList<TelemetryAttribute> Freeze(List<TelemetryAttribute>? list) =>
        list is null ? NoAttributes : list.ToArray();

    /// <summary>KeyValue: 1 key, 2 value (AnyValue).</summary>
    public static TelemetryAttribute ReadKeyValue(ReadOnlySpan<byte> data)
    {
        string key = "", value = "";
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: key = reader.ReadString("KeyValue.key"); break;
                case 2: value = ReadAnyValue(reader.ReadBytes("KeyValue.value"), depth: 0); break;
                default: reader.Skip(); break;
            }
        }
        return new TelemetryAttribute(key, value);
    }

    /// <summary>
    /// AnyValue (oneof): 1 string, 2 bool, 3 int64, 4 double, 5 ArrayValue (1 values), 6 KeyValueList
    /// (1 values), 7 bytes. Rendered as text; nesting is bounded so a hostile payload cannot recurse deeply.
    /// </summary>
    public static string ReadAnyValue(ReadOnlySpan<byte> data, int depth)
    {
        if (depth > 16) throw new OtlpFormatException("AnyValue nested more than 16 levels");
        var value = "";
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: value = reader.ReadString("AnyValue.string_value"); break;
                case 2: value = reader.ReadVarint("AnyValue.bool_value") != 0 ? "true" : "false"; break;
                case 3: value = ((long)reader.ReadVarint("AnyValue.int_value")).ToString(CultureInfo.InvariantCulture); break;
                case 4: value = reader.ReadDouble("AnyValue.double_value").ToString("R", CultureInfo.InvariantCulture); break;
                case 5: value = ReadArray(reader.ReadBytes("AnyValue.array_value"), depth); break;
                case 6: value = ReadKeyValueList(reader.ReadBytes("AnyValue.kvlist_value"), depth); break;
                case 7: value = Convert.ToBase64String(reader.ReadBytes("AnyValue.bytes_value")); break;
                default: reader.Skip(); break;
            }
        }
        return value;
    }

    /// <summary>A trace or span id as lower-case hex; <paramref name="length"/> bytes exactly, or empty when optional.</summary>
    public static string? ReadId(ReadOnlySpan<byte> bytes, int length, string what, bool optional)
    {
        if (bytes.IsEmpty && optional) return null;
        if (bytes.Length != length) throw new OtlpFormatException($"{what}: {bytes.Length} bytes, expected {length}");
        // An all-zero id means "none" in OTLP (e.g. a root span's parent or a log outside any span).
        if (optional && !bytes.ContainsAnyExcept((byte)0)) return null;
        return Convert.ToHexStringLower(bytes);
    }

    private static string ReadArray(ReadOnlySpan<byte> data, int depth)
    {
        var text = new StringBuilder("[");
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber != 1) { reader.Skip(); continue; }
            if (text.Length > 1) text.Append(", ");
            text.Append(ReadAnyValue(reader.ReadBytes("ArrayValue.values"), depth + 1));
        }
        return text.Append(']').ToString();
    }

    private static string ReadKeyValueList(ReadOnlySpan<byte> data, int depth)
    {
        var text = new StringBuilder("{");
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            if (reader.FieldNumber != 1) { reader.Skip(); continue; }
            if (text.Length > 1) text.Append(", ");
            var inner = new ProtoReader(reader.ReadBytes("KeyValueList.values"));
            string key = "", value = "";
            while (inner.Next())
            {
                if (inner.FieldNumber == 1) key = inner.ReadString("KeyValue.key");
                else if (inner.FieldNumber == 2) value = ReadAnyValue(inner.ReadBytes("KeyValue.value"), depth + 1);
                else inner.Skip();
            }
            text.Append(key).Append(": ").Append(value);
        }
        return text.Append('}').ToString();
    }
}
