using System.CommandLine;

namespace Weft.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string?> Store(bool required = false) => new("--store", "-s")
    {
        Description = required
            ? "The SQLite store file the instance lives in."
            : "Keep the run in this SQLite store file (created if missing) so it can be resumed, signalled and inspected; default: a throwaway file.",
        Required = required,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Machine output: one JSON object per event and a final {\"result\": …} line.",
    };
}
