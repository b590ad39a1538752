using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// Binds a duration input in any form <see cref="DurationParser"/> accepts; writes the .NET
/// time span form (<c>"00:00:05"</c>), which is how descriptor defaults appear in Studio.
/// </summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDouble(out var seconds) && DurationParser.TryFromSeconds(seconds, out var fromNumber):
                return fromNumber;
            case JsonTokenType.String when DurationParser.TryParse(reader.GetString(), out var fromText):
                return fromText;
            default:
                var shown = reader.TokenType == JsonTokenType.String ? $"'{reader.GetString()}'" : reader.TokenType.ToString();
                throw new JsonException($"{shown} is not a duration; use {DurationParser.Forms}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
}
