using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Otlp;

namespace Weft.Bench;

/// <summary>
/// The dashboard's OTLP/HTTP receiver: spans per second ingested (decoded and stored in the ring
/// buffer) from several closed-loop clients POSTing pre-encoded 512-span batches over loopback, against a
/// floor in the same run: a plain endpoint that reads the same bodies and answers 200.
/// Usage: dotnet run -c Release --project bench/Weft.Bench -- otlp [seconds=5] [clients=8] [spansPerBatch=512] [maxSpans=100000]
/// </summary>
internal static class OtlpReceiverBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var clients = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var spansPerBatch = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 512;
        var maxSpans = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : new DashboardOptions().MaxSpans;
        var batches = Enumerable.Range(0, 16).Select(seed => OtlpPayloads.TraceBatch(spansPerBatch, seed)).ToArray();
        Console.WriteLine($"{spansPerBatch} spans per batch, {batches[0].Length:N0} bytes; {clients} clients; {seconds} s per run; retention {maxSpans:N0} spans; server GC {System.Runtime.GCSettings.IsServerGC}");

        await using var plain = await StartPlainAsync();
        await using var dashboard = await DashboardServer.StartAsync(new DashboardOptions { Port = 0, OtlpPort = 0, MaxSpans = maxSpans }, new NoResources(), CancellationToken.None);
        using var plainClient = new HttpClient { BaseAddress = plain.Address };
        using var otlpClient = new HttpClient { BaseAddress = dashboard.OtlpEndpoint };
        otlpClient.DefaultRequestHeaders.Add(OtlpReceiver.ApiKeyHeader, dashboard.OtlpApiKey);

        var duration = TimeSpan.FromSeconds(seconds);
        await LoadAsync(plainClient, "plain", batches, clients, TimeSpan.FromSeconds(1)); // warm-up
        var floor = await LoadAsync(plainClient, "plain", batches, clients, duration);
        await LoadAsync(otlpClient, "v1/traces", batches, clients, TimeSpan.FromSeconds(1));
        var receivedBefore = dashboard.Telemetry.Counts().Spans.Received;
        var receiver = await LoadAsync(otlpClient, "v1/traces", batches, clients, duration);
        var stored = dashboard.Telemetry.Counts().Spans.Received - receivedBefore;

        Console.WriteLine("target                        batches/s     spans/s   p50 ms   p99 ms   ratio vs plain");
        Print("plain endpoint (read body)", floor, spansPerBatch, floor);
        Print("OTLP receiver /v1/traces", receiver, spansPerBatch, floor);
        Console.WriteLine($"spans stored by the receiver: {stored:N0} (expected {receiver.Requests * (long)spansPerBatch:N0}); kept now {dashboard.Telemetry.Counts().Spans.Kept:N0}, dropped {dashboard.Telemetry.Counts().Spans.Dropped:N0}");
        Console.WriteLine($"goal >= 50,000 spans/s: {(receiver.PerSecond * spansPerBatch >= 50_000 ? "met" : "NOT met")}");
        return stored == receiver.Requests * (long)spansPerBatch && receiver.Failures == 0 ? 0 : 1;
    }

    private sealed record Result(int Requests, int Failures, double PerSecond, double P50Ms, double P99Ms);

    private static void Print(string name, Result r, int spansPerBatch, Result floor) =>
        Console.WriteLine($"{name,-28} {r.PerSecond,11:N0} {r.PerSecond * spansPerBatch,11:N0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00}   {r.PerSecond / floor.PerSecond,5:0.00}x{(r.Failures > 0 ? $"  ({r.Failures} failed)" : "")}");

    private static async Task<Result> LoadAsync(HttpClient client, string path, byte[][] batches, int clients, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var failures = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            var next = worker;
            while (watch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(batches[next++ % batches.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue(OtlpReceiver.ProtobufContentType);
                using var response = await client.PostAsync(path, content);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(all.Length, failures, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>The floor: Kestrel reading the whole body into a pooled buffer, as the receiver does, then 200.</summary>
    private static async Task<PlainHost> StartPlainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/plain", async (HttpRequest request) =>
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)(request.ContentLength ?? 64 * 1024));
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length))) > 0) length += read;
            ArrayPool<byte>.Shared.Return(buffer);
            return Results.Ok();
        });
        await app.StartAsync();
        return new PlainHost(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/"));
    }

    private sealed record PlainHost(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private sealed class NoResources : IResourceCatalog
    {
        public event Action<ResourceSnapshot>? ResourceChanged { add { } remove { } }
        public event Action<ConsoleLine>? ConsoleWritten { add { } remove { } }
        public IReadOnlyList<ResourceSnapshot> GetResources() => [];
        public IReadOnlyList<ConsoleLine> GetConsole(string resource, long afterSequence, int max) => [];
        public Task<bool> ExecuteAsync(string resource, ResourceCommand command, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
