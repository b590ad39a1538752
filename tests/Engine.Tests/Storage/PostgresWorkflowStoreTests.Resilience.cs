using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Postgres;

namespace Weft.Engine.Tests.Storage;

/// <summary>Start-up errors people can act on, and carrying on after the server restarts.</summary>
public sealed partial class PostgresWorkflowStoreTests
{
    [PostgresFact]
    public async Task ReadsThenWrites_AfterTheServerRestarts_SucceedAgain()
    {
        await using var store = await OpenAsync();
        var instance = await CreateClaimedAsync(store);
        // Fill the read pool and give the writer its connection, so both hold connections the restart kills.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.GetInstanceAsync(instance.Id)));
        using var listening = new CancellationTokenSource();
        var work = store.ListenForWorkAsync(listening.Token).GetAsyncEnumerator();
        var heard = work.MoveNextAsync().AsTask();

        await cluster.RestartAsync();

        (await store.GetInstanceAsync(instance.Id))!.Status.ShouldBe(InstanceStatus.Running);
        instance.Status = InstanceStatus.Suspended;
        await store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove));
        (await store.SendSignalAsync(instance.Id, "approve", null, At(1))).ShouldBe(SignalDelivery.Accepted);
        (await ClaimIdsAsync(store, "worker-2", At(1))).ShouldBe([instance.Id]);
        (await store.ListInstancesAsync(new InstanceQuery { Status = InstanceStatus.Suspended })).Total.ShouldBe(1);

        // The listener reconnects on its own and hears work made after the restart (the signal above may come first).
        var stopwatch = Stopwatch.StartNew();
        var queues = new List<string>();
        while (!queues.Contains("after-restart") && stopwatch.Elapsed < HearingTimeout)
        {
            await store.CreateInstanceAsync(NewInstance(queue: "after-restart"), []);
            if (await Task.WhenAny(heard, Task.Delay(200)) == heard && await heard)
            {
                queues.Add(work.Current);
                heard = work.MoveNextAsync().AsTask();
            }
        }

        queues.ShouldContain("after-restart");
        // An async iterator cannot be disposed while a MoveNext is pending: cancel, let it end, then dispose.
        await listening.CancelAsync();
        try
        {
            await heard;
        }
        catch (OperationCanceledException)
        {
        }

        await work.DisposeAsync();
    }

    [PostgresFact]
    public async Task Writes_FirstThingAfterTheServerRestarts_Succeed()
    {
        await using var store = await OpenAsync();
        var instances = new List<InstanceRecord>();
        for (var i = 0; i < 10; i++)
            instances.Add(await CreateClaimedAsync(store));
        await Task.WhenAll(instances.Select(instance => store.GetInstanceAsync(instance.Id)));

        await cluster.RestartAsync();

        // The writer finds its connection dead and must not replace it with one of the dead pooled ones.
        foreach (var instance in instances)
            instance.Status = InstanceStatus.Suspended;
        await Task.WhenAll(instances.Select(instance => store.CommitAsync(Commit(instance, "worker-1", WorkPlan.Remove))));
        (await store.ListInstancesAsync(new InstanceQuery { Status = InstanceStatus.Suspended })).Total.ShouldBe(10);
    }

    [PostgresFact]
    public async Task InitializeAsync_NothingListensOnThePort_FailsFastNamingTheEndpoint()
    {
        var port = ClosedPort();
        await using var store = new PostgresWorkflowStore(new PostgresStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Database=weft_nowhere;Username=weft;Password=secret",
        });
        var stopwatch = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<PostgresStoreConnectionException>(() => store.InitializeAsync());

        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        error.Message.ShouldStartWith($"Cannot connect to PostgreSQL at 127.0.0.1:{port}, database 'weft_nowhere': ");
        error.Message.ShouldNotContain("\n");
        error.Message.ShouldNotContain("secret");
        error.Endpoint.ShouldBe($"127.0.0.1:{port}/weft_nowhere");
    }

    [PostgresFact]
    public async Task InitializeAsync_DatabaseDoesNotExist_SaysSo()
    {
        var options = cluster.Options(connectionString: cluster.ConnectionStringFor("no_such_database"));
        await using var store = new PostgresWorkflowStore(options);

        var error = await Should.ThrowAsync<PostgresStoreConnectionException>(() => store.InitializeAsync());

        error.Message.ShouldBe($"Cannot connect to PostgreSQL at 127.0.0.1:{cluster.Port}, database 'no_such_database': database 'no_such_database' does not exist.");
    }

    [PostgresFact]
    public void Constructor_MalformedConnectionString_ThrowsWithoutRepeatingIt()
    {
        var error = Should.Throw<ArgumentException>(() => new PostgresWorkflowStore(new PostgresStoreOptions
        {
            ConnectionString = "Host=127.0.0.1;Password=secret;Frobnicate=yes",
        }));

        error.Message.ShouldStartWith("The PostgreSQL connection string is not valid:");
        error.Message.ShouldContain("frobnicate", Case.Insensitive);
        error.Message.ShouldNotContain("secret");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
