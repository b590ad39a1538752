using System.CommandLine;
using Weft.Cli.Commands;

// weft: run and validate workflow definitions locally, on an embedded SQLite store.
// Exit codes: 0 success, 1 the run ended badly (faulted, timed out, cancelled), 2 bad input, 3 internal error.
var root = new RootCommand("Weft — durable AI workflows. Run and validate workflow definitions locally.")
{
    RunCommand.Create(),
    ValidateCommand.Create(),
    ResumeCommand.Create(),
    SignalCommand.Create(),
    JournalCommand.Create(),
    ReportCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
