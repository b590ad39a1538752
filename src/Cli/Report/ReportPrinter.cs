using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Cli.Report;

/// <summary>The report as a text table: one row per workflow, its nodes indented beneath.</summary>
internal static class ReportPrinter
{
    private const string Row = "{0,-32} {1,7} {2,7} {3,7} {4,8} {5,12}";

    public static string Text(JsonObject report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Weft report {report["from"]} .. {report["to"]}");
        var workflows = report["workflows"]!.AsArray();
        if (workflows.Count == 0)
        {
            text.AppendLine("No workflow ran in this window.");
            return text.ToString();
        }
        text.AppendLine(Format("WORKFLOW / NODE", "RUNS", "OK", "FAILED", "SUCCESS", "AVG MS"));
        foreach (var workflow in workflows)
        {
            text.AppendLine(Line(workflow!["definitionId"]!.GetValue<string>(), workflow));
            foreach (var node in workflow["nodes"]!.AsArray())
                text.AppendLine(Line("  " + node!["nodeId"]!.GetValue<string>(), node));
        }
        return text.ToString();
    }

    private static string Line(string name, JsonNode figures) => Format(
        name,
        Count(figures, "runs"),
        Count(figures, "successes"),
        Count(figures, "failures"),
        figures["successRate"] is { } rate ? (rate.GetValue<double>() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-",
        figures["duration"]?["avgMs"] is { } avg ? avg.GetValue<double>().ToString("0.0", CultureInfo.InvariantCulture) : "-");

    private static string Count(JsonNode figures, string name) =>
        (figures[name]?.GetValue<long>() ?? 0).ToString(CultureInfo.InvariantCulture);

    private static string Format(params object[] cells) => string.Format(CultureInfo.InvariantCulture, Row, cells).TrimEnd();
}
