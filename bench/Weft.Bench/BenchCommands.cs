using BenchmarkDotNet.Running;

namespace Weft.Bench;

/// <summary>Dispatches the named load benchmarks; anything else goes to BenchmarkDotNet.</summary>
internal static class BenchCommands
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["otlp"] = OtlpReceiverBenchmark.RunAsync,
        ["durable"] = DurableNodesBenchmark.RunAsync,
        ["http"] = HttpTriggerBenchmark.RunAsync,
        ["pg"] = PostgresScaleOutBenchmark.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && Commands.TryGetValue(args[0], out var command))
            return await command(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(BenchCommands).Assembly).Run(args);
        return 0;
    }
}
