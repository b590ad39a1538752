using System.Diagnostics;
using Weft.AppHost.Dashboard;

namespace Weft.AppHost.Tests.Supervisor;

public sealed class StopTests
{
    [Fact]
    public async Task StopAsync_ChildIgnoringSigterm_IsKilledAfterTheGracePeriodWithItsChildren()
    {
        var marker = $"{Random.Shared.Next(100_000, 999_999)}"; // a sleep length no other process uses
        await using var test = new TestApplication("--Weft:AppHost:StopGracePeriod=00:00:01");
        test.AddShell("stubborn", $"trap '' TERM; echo ready; sleep {marker} & sleep {marker}1 & while true; do sleep 0.2; done");
        test.Build();
        await test.StartAsync();
        var running = await test.WaitHealthyAsync("stubborn");
        await test.WaitForConsoleAsync("stubborn", "ready");
        await WaitUntilAsync(() => ProcessTable.WithCommandLine($"sleep {marker}").Count >= 2);

        var clock = Stopwatch.StartNew();
        await test.App.StopAsync(CancellationToken.None);

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)); // it ignored SIGTERM for the grace period
        ProcessTable.IsAlive(running.ProcessId!.Value).ShouldBeFalse();
        ProcessTable.WithCommandLine($"sleep {marker}").ShouldBeEmpty();
        test.Catalog.GetResources().Single().State.ShouldBe(ResourceState.Stopped);
        test.ConsoleText("stubborn").ShouldContain("SIGKILL");
    }

    [Fact]
    public async Task StopAsync_ChildHandlingSigterm_ExitsCleanlyBeforeTheGracePeriod()
    {
        await using var test = new TestApplication("--Weft:AppHost:StopGracePeriod=00:00:20");
        test.AddShell("polite", "trap 'echo got TERM; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
        test.Build();
        await test.StartAsync();
        await test.WaitHealthyAsync("polite");
        await test.WaitForConsoleAsync("polite", "ready"); // its trap is set

        var clock = Stopwatch.StartNew();
        await test.App.StopAsync(CancellationToken.None);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        var stopped = test.Catalog.GetResources().Single();
        stopped.State.ShouldBe(ResourceState.Stopped);
        stopped.ExitCode.ShouldBe(0);
        test.ConsoleText("polite").ShouldContain("got TERM");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // The shell starts its sleeps right after it starts: there is no event to await for a grandchild, so poll, bounded.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(20, deadline.Token);
    }
}
