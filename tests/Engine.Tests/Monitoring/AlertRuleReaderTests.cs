using System.Text.Json.Nodes;
using Weft.Engine.Monitoring;
using Weft.Engine.Monitoring.Alerts;

namespace Weft.Engine.Tests.Monitoring;

/// <summary>Reading rules and durations as people write them; every refusal names its field.</summary>
public sealed class AlertRuleReaderTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("15m", 900_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("00:15:00", 900_000)]
    [InlineData("1.00:00:00", 86_400_000)]
    [InlineData("2500", 2500)]
    [InlineData("-1h", -3_600_000)]
    public void DurationText_TryParse_ReadsEveryForm(string text, double milliseconds)
    {
        DurationText.TryParse(text, out var duration).ShouldBeTrue();
        duration.TotalMilliseconds.ShouldBe(milliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    [InlineData("1e400")]
    [InlineData("NaNms")]
    public void DurationText_TryParse_RefusesWhatIsNotADuration(string text) => DurationText.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(1_500, "1500ms")]
    [InlineData(90_000, "90s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(86_400_000, "1d")]
    public void DurationText_Format_IsReadBack(double milliseconds, string text)
    {
        DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(text);
        DurationText.TryParse(text, out var back).ShouldBeTrue();
        back.TotalMilliseconds.ShouldBe(milliseconds);
    }

    [Fact]
    public void Read_FullRule_EveryFieldAndRoundTripsThroughJson()
    {
        var rule = AlertRuleReader.Read(JsonNode.Parse("""
            { "id": "charge.slow-1", "metric": "p95Duration", "workflow": "pay", "node": "charge", "window": "15m",
              "threshold": "2s", "minRuns": 5, "enabled": false, "description": "card charges are slow" }
            """)!.AsObject());

        rule.ShouldBe(new AlertRule
        {
            Id = "charge.slow-1",
            Metric = AlertMetric.P95Duration,
            Workflow = "pay",
            Node = "charge",
            Window = TimeSpan.FromMinutes(15),
            Threshold = 2000,
            MinRuns = 5,
            Enabled = false,
            Description = "card charges are slow",
        });
        AlertRuleReader.Read(rule.ToJson()).ShouldBe(rule);
    }

    [Fact]
    public void Read_Defaults_OneHourWindowOneRunEnabled()
    {
        var rule = AlertRuleReader.Read(new JsonObject { ["id"] = "r", ["metric"] = "failureRate", ["threshold"] = "12.5%" });

        (rule.Window, rule.MinRuns, rule.Enabled, rule.Threshold).ShouldBe((TimeSpan.FromHours(1), 1, true, (double?)12.5));
    }

    [Fact]
    public void Read_ConfigurationFields_ErrorNamesTheKey()
    {
        var fields = new Dictionary<string, string?> { ["id"] = "r", ["metric"] = "nodeSuccessRate", ["threshold"] = "-3" };

        var error = Should.Throw<AlertRuleException>(() => AlertRuleReader.Read(fields, "Weft:Alerts:Rules:4:"));

        error.Field.ShouldBe("Weft:Alerts:Rules:4:threshold");
        error.Message.ShouldContain("0 to 100");
    }
}
