using BenchmarkDotNet.Attributes;
using Weft.AppHost.Otlp;

namespace Weft.Bench;

/// <summary>
/// Decoding one SDK-shaped 512-span OTLP trace batch (no HTTP, no storing), with allocations, against
/// the floor of walking the same bytes with the same reader and keeping nothing. Shows how much of the
/// receiver's time per span is decoding and how much is HTTP.
/// Run: dotnet run -c Release --project bench/Weft.Bench -- --filter '*OtlpDecode*' --job short
/// </summary>
[MemoryDiagnoser]
public class OtlpDecodeBenchmarks
{
    private byte[] _batch = null!;

    [GlobalSetup]
    public void Setup() => _batch = OtlpPayloads.TraceBatch(512, seed: 1);

    [Benchmark(Baseline = true)]
    public int WalkOnly() => Walk(_batch, depth: 0);

    [Benchmark]
    public int Decode512Spans() => TraceDecoder.Decode(_batch).Count;

    /// <summary>Visits every field of every nested message (the decoder's minimum work) and counts them.</summary>
    private static int Walk(ReadOnlySpan<byte> data, int depth)
    {
        var fields = 0;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            fields++;
            if (reader.WireType == WireType.LengthDelimited && depth < 3) fields += Walk(reader.ReadBytes("field"), depth + 1);
            else reader.Skip();
        }
        return fields;
    }
}
