using System.Collections.Concurrent;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

/// <summary>Several stores on one schema: what several server processes sharing a database do.</summary>
public sealed partial class PostgresWorkflowStoreTests
{
    [PostgresFact]
    public async Task ClaimWork_TwoStoresOnOneSchema_NeverShareAnItem()
    {
        var schema = PostgresCluster.NewSchema();
        await using var first = await OpenAsync(schema);
        await using var second = await OpenAsync(schema);
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => (i % 2 == 0 ? first : second).CreateInstanceAsync(NewInstance(), [])));
        var claimed = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var store = worker % 2 == 0 ? first : second;
            while (true)
            {
                var ids = await ClaimIdsAsync(store, $"worker-{worker}", Now, max: 3);
                if (ids.Count == 0)
                    return;
                foreach (var id in ids)
                    claimed.Add(id);
            }
        })));

        claimed.Count.ShouldBe(400);
        claimed.Distinct().Count().ShouldBe(400);
    }

    [PostgresFact]
    public async Task CreateInstance_TwoStoresCreatingTheSameIdsAtOnce_CreateEachExactlyOnce()
    {
        var schema = PostgresCluster.NewSchema();
        await using var first = await OpenAsync(schema);
        await using var second = await OpenAsync(schema);
        var ids = Enumerable.Range(0, 50).Select(i => $"same-{i}").ToList();

        var results = await Task.WhenAll(ids.SelectMany(id => new[] { first, second }.Select(store => store.CreateInstanceAsync(NewInstance(id: id), []))));

        results.Count(r => r.Created).ShouldBe(50);
        results.GroupBy(r => r.Instance.Id).ShouldAllBe(g => g.Count() == 2 && g.Count(r => r.Created) == 1);
        (await ClaimIdsAsync(first, "worker-1", Now, max: 500)).Count.ShouldBe(50);
    }

    [PostgresFact]
    public async Task CommitAsync_TwoStoresSignallingEachOthersInstancesAtOnce_AllApplyDespiteLockCycles()
    {
        // Store A's commits lock its instance, then signal (lock) one of B's; B's do the reverse. Within shared
        // group-commit transactions that makes lock cycles; PostgreSQL breaks them, and the writer runs the victim again.
        var schema = PostgresCluster.NewSchema();
        await using var a = await OpenAsync(schema);
        await using var b = await OpenAsync(schema);
        var ofA = new List<InstanceRecord>();
        var ofB = new List<InstanceRecord>();
        for (var i = 0; i < 40; i++)
        {
            ofA.Add(await CreateClaimedAsync(a, "worker-a"));
            ofB.Add(await CreateClaimedAsync(b, "worker-b"));
        }

        for (var round = 0; round < 3; round++)
        {
            var commits = new List<Task>();
            for (var i = 0; i < ofA.Count; i++)
            {
                var fromA = Commit(ofA[i], "worker-a");
                fromA.Signals.Add(new OutgoingSignal(ofB[(i + round) % ofB.Count].Id, "ping", null));
                var fromB = Commit(ofB[i], "worker-b");
                fromB.Signals.Add(new OutgoingSignal(ofA[(i + round + 1) % ofA.Count].Id, "pong", null));
                commits.Add(a.CommitAsync(fromA));
                commits.Add(b.CommitAsync(fromB));
            }

            await Task.WhenAll(commits);
        }

        foreach (var instance in ofA)
            (await a.GetPendingSignalsAsync(instance.Id)).Select(s => s.Name).ShouldBe(["pong", "pong", "pong"]);
        foreach (var instance in ofB)
            (await b.GetPendingSignalsAsync(instance.Id)).Select(s => s.Name).ShouldBe(["ping", "ping", "ping"]);
    }
}
