using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Activities.Core;

namespace Weft.Engine.Tests.Activities;

public class DurationParserTests
{
    [Theory]
    [InlineData("00:00:05", 5)]
    [InlineData("1.00:00:00", 86_400)]
    [InlineData("PT5S", 5)]
    [InlineData("PT1M30S", 90)]
    [InlineData("P1DT2H", 93_600)]
    [InlineData("PT0.25S", 0.25)]
    [InlineData("5", 5)]
    [InlineData(" 2.5 ", 2.5)]
    public void TryParse_AcceptedForms_GiveTheDuration(string text, double seconds)
    {
        DurationParser.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("P")]
    [InlineData("PT5X")]
    [InlineData("NaN")]
    public void TryParse_OtherText_Fails(string text)
    {
        DurationParser.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParse_JsonNumber_IsSeconds()
    {
        DurationParser.TryParse(JsonValue.Create(1.5), out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromMilliseconds(1500));
        DurationParser.TryParse(new JsonArray(), out _).ShouldBeFalse();
    }

    private sealed class Holder
    {
        [System.Text.Json.Serialization.JsonConverter(typeof(DurationJsonConverter))]
        public TimeSpan? Wait { get; set; }
    }

    [Fact]
    public void Converter_ReadsAnyFormAndWritesTimeSpanText()
    {
        JsonSerializer.Deserialize<Holder>("{\"Wait\":\"PT2M\"}")!.Wait.ShouldBe(TimeSpan.FromMinutes(2));
        JsonSerializer.Deserialize<Holder>("{\"Wait\":3}")!.Wait.ShouldBe(TimeSpan.FromSeconds(3));
        JsonSerializer.Deserialize<Holder>("{\"Wait\":null}")!.Wait.ShouldBeNull();
        JsonSerializer.Serialize(new Holder { Wait = TimeSpan.FromSeconds(5) }).ShouldBe("{\"Wait\":\"00:00:05\"}");
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Holder>("{\"Wait\":\"later\"}")).Message.ShouldContain("later");
    }
}
