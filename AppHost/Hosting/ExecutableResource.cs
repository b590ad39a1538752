namespace Weft.AppHost.Hosting;

/// <summary>Any program, started with its arguments in a working directory. With an HTTP endpoint it gets its port as <c>PORT</c>.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory, IReadOnlyList<string> arguments)
    : ProcessResource(name, "executable")
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;

    public IReadOnlyList<string> Arguments { get; } = arguments;
}
