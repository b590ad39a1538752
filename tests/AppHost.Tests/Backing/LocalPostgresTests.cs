using Weft.AppHost.Hosting;
using Weft.AppHost.Tests.Supervisor;

namespace Weft.AppHost.Tests.Backing;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // PostgreSQL as the postgres user: Unix only
public sealed class LocalPostgresTests
{
    [PostgresFact]
    public async Task StartAsync_StateInAFolderOthersCannotSearch_RunsTheClusterWhereThePostgresUserCanReachIt()
    {
        // As root, PostgreSQL runs as the postgres user, which cannot pass a 0700 parent (like /root).
        var privateParent = Path.Combine(Path.GetTempPath(), $"weft-private-{Guid.NewGuid():N}"[..22]);
        Directory.CreateDirectory(privateParent);
        File.SetUnixFileMode(privateParent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string? clusterRoot = null;
        try
        {
            await using (var test = new TestApplication($"--Weft:AppHost:StateDirectory={Path.Combine(privateParent, "state")}"))
            {
                test.Builder.AddPostgres("postgres").AddDatabase("weft");
                test.Build();
                await test.StartAsync();
                await test.WaitHealthyAsync("weft", TimeSpan.FromSeconds(90));

                var console = test.ConsoleText("postgres");
                if (Environment.IsPrivilegedProcess)
                {
                    console.ShouldContain("the postgres user cannot reach");
                    clusterRoot = console.Split('\n').Single(l => l.Contains("the cluster lives in", StringComparison.Ordinal)).Split("the cluster lives in ")[1].Trim();
                    clusterRoot.ShouldStartWith(Path.GetTempPath());
                    Directory.Exists(Path.Combine(clusterRoot, "data")).ShouldBeTrue();
                }
                else
                {
                    console.ShouldNotContain("cannot reach"); // the AppHost's own user runs PostgreSQL: nothing to work around
                    Directory.Exists(Path.Combine(privateParent, "state", "postgres", "data")).ShouldBeTrue();
                }
            }

            if (clusterRoot is not null)
                File.Exists(Path.Combine(clusterRoot, "data", "postmaster.pid")).ShouldBeFalse("the cluster was stopped with the application");
        }
        finally
        {
            Directory.Delete(privateParent, recursive: true);
            if (clusterRoot is not null && Directory.Exists(clusterRoot))
                Directory.Delete(clusterRoot, recursive: true);
        }
    }
}
