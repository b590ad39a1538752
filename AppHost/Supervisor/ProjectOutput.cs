using System.Diagnostics;
using System.Xml.Linq;
using Weft.AppHost.Hosting;

namespace Weft.AppHost.Supervisor;

/// <summary>
/// The built output a project runs from: <c>&lt;project dir&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;AssemblyName&gt;.dll</c>, the
/// configuration being the one that built the AppHost. When it is missing, <c>dotnet build &lt;csproj&gt; -c &lt;Configuration&gt;</c>
/// runs first (its output goes to the resource's console). <c>dotnet run --project AppHost</c> normally builds it already,
/// because AppHost.csproj references the projects it runs.
/// </summary>
internal static class ProjectOutput
{
    private const string TargetFramework = "net10.0";

    public static string PathOf(ProjectResource project)
    {
        var directory = Path.GetDirectoryName(project.ProjectPath)!;
        return Path.Combine(directory, "bin", AppHostPaths.BuildConfiguration, TargetFramework, AssemblyName(project.ProjectPath) + ".dll");
    }

    /// <summary>The dll to run, built first when missing.</summary>
    public static async Task<string> EnsureBuiltAsync(ProjectResource project, Action<string, bool> console, CancellationToken cancellationToken)
    {
        var dll = PathOf(project);
        if (File.Exists(dll))
            return dll;

        console($"[apphost] {dll} is missing: dotnet build {project.ProjectPath} -c {AppHostPaths.BuildConfiguration}", false);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project.ProjectPath)!,
        };
        foreach (var argument in new[] { "build", project.ProjectPath, "-c", AppHostPaths.BuildConfiguration, "-nologo", "-v", "quiet" })
            start.ArgumentList.Add(argument);

        using var build = new Process { StartInfo = start };
        build.OutputDataReceived += (_, e) => { if (e.Data is { } line) console(line, false); };
        build.ErrorDataReceived += (_, e) => { if (e.Data is { } line) console(line, true); };
        build.Start();
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();
        try
        {
            await build.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw;
        }

        return build.ExitCode == 0 && File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"Building {project.ProjectPath} failed (exit {build.ExitCode}) or did not produce {dll}.");
    }

    /// <summary>The csproj's AssemblyName, else the file name (as MSBuild decides).</summary>
    private static string AssemblyName(string projectPath)
    {
        var declared = XDocument.Load(projectPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim();
        return string.IsNullOrEmpty(declared) ? Path.GetFileNameWithoutExtension(projectPath) : declared;
    }
}
