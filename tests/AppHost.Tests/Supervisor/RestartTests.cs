using Weft.AppHost.Dashboard;
using Weft.AppHost.Supervisor;

namespace Weft.AppHost.Tests.Supervisor;

public sealed class RestartTests
{
    [Fact]
    public async Task Supervisor_ChildKilled_RestartsItWithGrowingBackoffAndCountsRestarts()
    {
        await using var test = new TestApplication("--Weft:AppHost:RestartDelay=00:00:00.4");
        test.AddShell("worker", "echo started; exec sleep 600");
        test.Build();
        var exitedAt = new List<DateTimeOffset>();
        var startedAt = new List<DateTimeOffset>();
        test.Catalog.ResourceChanged += s =>
        {
            if (s.Name != "worker")
                return;
            lock (exitedAt)
            {
                if (s.State == ResourceState.Failed && (exitedAt.Count == 0 || exitedAt.Count == startedAt.Count))
                    exitedAt.Add(DateTimeOffset.UtcNow);
                if (s.State == ResourceState.Starting && s.Restarts > startedAt.Count)
                    startedAt.Add(DateTimeOffset.UtcNow);
            }
        };
        await test.StartAsync();

        var first = await test.WaitHealthyAsync("worker");
        await test.WaitForConsoleAsync("worker", "started", 1);
        ProcessSignals.Kill(first.ProcessId!.Value);
        var second = await test.WaitForAsync("worker", s => s.Restarts == 1 && s.State == ResourceState.Running);
        second.ProcessId.ShouldNotBe(first.ProcessId);
        ProcessTable.IsAlive(second.ProcessId!.Value).ShouldBeTrue();
        ProcessTable.IsAlive(first.ProcessId.Value).ShouldBeFalse();

        await test.WaitForConsoleAsync("worker", "started", 2);
        ProcessSignals.Kill(second.ProcessId.Value);
        var third = await test.WaitForAsync("worker", s => s.Restarts == 2 && s.State == ResourceState.Running);
        third.ProcessId.ShouldNotBe(second.ProcessId);

        lock (exitedAt)
        {
            exitedAt.Count.ShouldBe(2);
            startedAt.Count.ShouldBe(2);
            (startedAt[0] - exitedAt[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350)); // 0.4 s
            (startedAt[1] - exitedAt[1]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(750)); // doubled: 0.8 s
        }

        test.Output.ShouldContain("worker exited with code 137; restarting in 0.4 s (restart 1)");
        await test.WaitForConsoleAsync("worker", "started", 3); // each restart ran the command again
    }

    [Fact]
    public async Task ExecuteAsync_StopThenStart_StopsTheProcessAndStartsANewOneWithoutCountingACrash()
    {
        await using var test = new TestApplication();
        test.AddShell("worker", "exec sleep 600");
        test.Build();
        await test.StartAsync();
        var running = await test.WaitHealthyAsync("worker");

        (await test.Catalog.ExecuteAsync("worker", ResourceCommand.Stop, CancellationToken.None)).ShouldBeTrue();
        var stopped = test.Catalog.GetResources().Single(r => r.Name == "worker");
        stopped.State.ShouldBe(ResourceState.Stopped);
        ProcessTable.IsAlive(running.ProcessId!.Value).ShouldBeFalse();

        (await test.Catalog.ExecuteAsync("worker", ResourceCommand.Start, CancellationToken.None)).ShouldBeTrue();
        var again = await test.WaitHealthyAsync("worker");
        again.ProcessId.ShouldNotBe(running.ProcessId);
        again.Restarts.ShouldBe(0);
        (await test.Catalog.ExecuteAsync("nobody", ResourceCommand.Restart, CancellationToken.None)).ShouldBeFalse();
    }
}
