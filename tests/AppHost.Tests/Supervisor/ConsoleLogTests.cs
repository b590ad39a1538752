using Weft.AppHost.Supervisor;

namespace Weft.AppHost.Tests.Supervisor;

public sealed class ConsoleLogTests
{
    [Fact]
    public void Append_BeyondCapacity_KeepsTheNewestLinesWithIncreasingSequences()
    {
        var log = new ConsoleLog(capacity: 3, TimeProvider.System);
        for (var i = 1; i <= 5; i++)
            log.Append("server", isError: i == 5, $"line {i}");
        log.Append("other", isError: false, "elsewhere");

        var lines = log.Read("server", 0, 100);
        lines.Select(l => l.Text).ShouldBe(["line 3", "line 4", "line 5"]);
        lines.Select(l => l.Sequence).ShouldBe([3L, 4L, 5L]);
        lines[^1].IsError.ShouldBeTrue();
        log.Read("server", 4, 100).Single().Text.ShouldBe("line 5");
        log.Read("server", 0, 1).Single().Text.ShouldBe("line 3");
        log.Read("other", 0, 100).Single().Sequence.ShouldBe(1);
        log.Read("nobody", 0, 100).ShouldBeEmpty();
    }
}
