namespace Weft.Cli;

/// <summary>The CLI's exit codes; scripts depend on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The workflow ran and ended Faulted, TimedOut, Cancelled or Terminated; or validation found errors.</summary>
    public const int RunFailed = 1;

    /// <summary>Bad input: unreadable, corrupt or truncated definition, bad input JSON, unknown instance.</summary>
    public const int BadInput = 2;

    public const int InternalError = 3;
}

/// <summary>A problem with what the user gave us; printed as one clear line, exit code 2.</summary>
internal sealed class CliInputException(string message) : Exception(message);
