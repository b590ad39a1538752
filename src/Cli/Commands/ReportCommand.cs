using System.CommandLine;
using System.Globalization;
using Weft.Cli.Report;
using Weft.Engine.Model;
using Weft.Engine.Monitoring;

namespace Weft.Cli.Commands;

/// <summary>
/// <c>weft report --server URL [--api-key KEY] [--from T] [--to T] [--window 1d] [--format text|json]</c>: the monitoring
/// report of a server — per workflow runs, successes, failures, success rate and average duration, per node beneath.
/// Exit codes: 0 printed; 2 bad options or the server refused them (4xx); 3 the server cannot be reached or failed.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The workflow server's base URL, e.g. http://localhost:5080.", Required = true };
        var apiKey = new Option<string?>("--api-key") { Description = "Sent as X-Api-Key (default: the WEFT_API_KEY environment variable)." };
        var from = new Option<string?>("--from") { Description = "Window start (ISO 8601). Default: --window before --to." };
        var to = new Option<string?>("--to") { Description = "Window end, exclusive (ISO 8601). Default: now." };
        var window = new Option<string?>("--window") { Description = "Window length instead of --from: 15m, 1h, 1d … Default: 1d." };
        var format = new Option<string>("--format") { Description = "text (a table) or json.", DefaultValueFactory = _ => "text" };
        var command = new Command("report", "Print a server's monitoring report: per workflow and per node figures over a window.")
        {
            server, apiKey, from, to, window, format,
        };
        command.SetAction((parse, cancellationToken) => RunSession.GuardAsync(async () =>
        {
            // Checked here rather than by the parser, so a bad value is exit code 2 like every other bad option.
            var output = parse.GetValue(format) is "text" or "json" ? parse.GetValue(format)! : throw new CliInputException($"--format '{parse.GetValue(format)}' is not text or json.");
            var baseUri = ParseServer(parse.GetValue(server)!);
            var query = WindowQuery(parse.GetValue(from), parse.GetValue(to), parse.GetValue(window));
            using var http = ReportClient.Create(baseUri, parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("WEFT_API_KEY"));
            try
            {
                var report = await new ReportClient(http).ReadAsync(query, cancellationToken);
                Console.Write(output == "json"
                    ? report.ToJsonString(WeftJson.Options) + Environment.NewLine
                    : ReportPrinter.Text(report));
                return ExitCodes.Success;
            }
            catch (ReportServerException ex)
            {
                Console.Error.WriteLine("weft: " + ex.Message);
                return ex.BadInput ? ExitCodes.BadInput : ExitCodes.InternalError;
            }
        }));
        return command;
    }

    private static Uri ParseServer(string text)
    {
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliInputException($"--server '{text}' is not an http(s) URL.");
        return uri;
    }

    /// <summary>Checks the window options here, so a typo is exit code 2 before any request; the server re-checks.</summary>
    private static string WindowQuery(string? from, string? to, string? window)
    {
        var parts = new List<string>();
        DateTimeOffset? start = null, end = null;
        if (from is not null) { start = Time(from, "--from"); parts.Add("from=" + Uri.EscapeDataString(start.Value.ToString("O", CultureInfo.InvariantCulture))); }
        if (to is not null) { end = Time(to, "--to"); parts.Add("to=" + Uri.EscapeDataString(end.Value.ToString("O", CultureInfo.InvariantCulture))); }
        if (window is not null)
        {
            if (from is not null) throw new CliInputException("Give either --from or --window, not both.");
            if (!DurationText.TryParse(window, out var length) || length <= TimeSpan.Zero)
                throw new CliInputException($"--window '{window}' is not a positive duration (e.g. 15m, 1h, 1d).");
            parts.Add("window=" + Uri.EscapeDataString(DurationText.Format(length)));
        }
        if (start > end) throw new CliInputException($"--from ({from}) is after --to ({to}).");
        return string.Join('&', parts);
    }

    private static DateTimeOffset Time(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new CliInputException($"{option} '{text}' is not a date and time; use ISO 8601, e.g. 2026-03-01T08:00:00Z.");
}
