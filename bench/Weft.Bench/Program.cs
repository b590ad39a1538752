using BenchmarkDotNet.Running;

// Micro benchmarks (BenchmarkDotNet) run with: dotnet run -c Release --project bench/Weft.Bench -- --filter '*'
// Load benchmarks are named commands: dotnet run -c Release --project bench/Weft.Bench -- <name>
// See bench/README.md for what each measures and the last results.
return await Weft.Bench.BenchCommands.RunAsync(args);
