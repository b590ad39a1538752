namespace Weft.AppHost.Hosting;

/// <summary>
/// A .NET project run from its built output: <c>dotnet bin/&lt;Configuration&gt;/net10.0/&lt;AssemblyName&gt;.dll</c> in the
/// project's directory, on <c>ASPNETCORE_URLS=http://127.0.0.1:&lt;port&gt;</c>. The output is built first when missing.
/// </summary>
public sealed class ProjectResource(string name, string projectPath) : ProcessResource(name, "project")
{
    /// <summary>The absolute path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;
}
