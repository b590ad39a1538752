using System.Net;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Tests;

public sealed class EventStreamTests : IAsyncLifetime
{
    private ServerHost _server = null!;
    private HttpClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Weft:Events:KeepAliveInterval"] = "00:00:00.300" });
        await Client.CreateAsync(Workflows.Hello());
        await Client.CreateAsync(Workflows.WaitForSignal());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> StartSuspendedAsync()
    {
        var id = await Client.StartAsync("""{ "definitionId": "waiter" }""");
        (await _server.Workflows.WaitAsync(id, untilSuspended: true, ServerSetup.Timeout())).Status.ShouldBe(InstanceStatus.Suspended);
        return id;
    }

    [Fact]
    public async Task Events_OfARun_ArriveInOrderWithIncreasingIds_EndWithCompleted_AndTheStreamCloses()
    {
        var timeout = ServerSetup.Timeout();
        var id = await Client.StartAsync("""{ "definitionId": "hello", "input": { "name": "Ada" } }""");

        using var stream = await SseReader.OpenAsync(Client, $"api/instances/{id}/events", cancellationToken: timeout);
        var events = await stream.ReadToEndAsync(timeout);

        events.Select(e => e.Id!.Value).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events[0].Event.ShouldBe(EventTypes.InstanceStarted);
        events[^1].Event.ShouldBe(EventTypes.InstanceCompleted);
        events[^1].Data!["data"]!["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, Ada!");
        events.Count(e => e.Event == EventTypes.NodeCompleted).ShouldBe(2);
        foreach (var e in events)
        {
            e.Data!["type"]!.GetValue<string>().ShouldBe(e.Event);
            e.Data["at"].ShouldNotBeNull();
        }
        events.Single(e => e.Event == EventTypes.NodeStarted && e.Data!["nodeId"]!.GetValue<string>() == "greet").ShouldNotBeNull();
        var stored = await _server.Store.GetEventsAsync(id, 0);
        events.Select(e => (e.Id!.Value, e.Event)).ShouldBe(stored.Select(s => (s.Sequence, (string?)s.Type)));
    }

    [Fact]
    public async Task Events_LiveWhileSuspended_FollowTheSignalToTheEnd()
    {
        var timeout = ServerSetup.Timeout();
        var id = await StartSuspendedAsync();
        using var stream = await SseReader.OpenAsync(Client, $"api/instances/{id}/events", cancellationToken: timeout);
        while ((await stream.ReadEventAsync(timeout))!.Event != EventTypes.InstanceSuspended) { }

        (await Client.PostJsonAsync($"api/instances/{id}/signals/x", """{ "n": 1 }""")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var rest = await stream.ReadToEndAsync(timeout);

        rest.Select(e => e.Event).ShouldContain(EventTypes.SignalReceived);
        rest[^1].Event.ShouldBe(EventTypes.InstanceCompleted);
        rest.Select(e => e.Id!.Value).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task Events_Reattach_WithLastEventId_DeliverExactlyTheMissedEvents()
    {
        var timeout = ServerSetup.Timeout();
        var id = await StartSuspendedAsync();

        // 1. Read part of the stream, then disconnect.
        var seen = new List<SseFrame>();
        using (var first = await SseReader.OpenAsync(Client, $"api/instances/{id}/events", cancellationToken: timeout))
        {
            for (var i = 0; i < 3; i++) seen.Add((await first.ReadEventAsync(timeout))!);
        }

        // 2. The instance moves on while nobody listens.
        (await Client.PostJsonAsync($"api/instances/{id}/signals/x", """{ "n": 2 }""")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await _server.Workflows.WaitAsync(id, cancellationToken: timeout);

        // 3. Re-attach where we left off.
        using var second = await SseReader.OpenAsync(Client, $"api/instances/{id}/events", lastEventId: seen[^1].Id!.Value.ToString(), timeout);
        var missed = await second.ReadToEndAsync(timeout);

        var all = seen.Concat(missed).Select(e => e.Id!.Value).ToList();
        all.ShouldBeUnique();
        var stored = await _server.Store.GetEventsAsync(id, 0);
        all.ShouldBe(stored.Select(s => s.Sequence));
        missed.Select(e => e.Event).ShouldBe(stored.Skip(3).Select(s => (string?)s.Type));
        missed[^1].Event.ShouldBe(EventTypes.InstanceCompleted);
    }

    [Fact]
    public async Task Events_ReattachWhileSuspended_ReplaysThenFollowsLive()
    {
        var timeout = ServerSetup.Timeout();
        var id = await StartSuspendedAsync();
        var stored = await _server.Store.GetEventsAsync(id, 0);

        using var stream = await SseReader.OpenAsync(Client, $"api/instances/{id}/events?lastEventId=2", cancellationToken: timeout);
        var replayed = new List<SseFrame>();
        for (var i = 2; i < stored.Count; i++) replayed.Add((await stream.ReadEventAsync(timeout))!);
        (await Client.PostAsync($"api/instances/{id}/signals/x", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var live = await stream.ReadToEndAsync(timeout);

        replayed.Select(e => e.Id!.Value).ShouldBe(stored.Skip(2).Select(s => s.Sequence));
        live[0].Id.ShouldBe(stored[^1].Sequence + 1);
        replayed.Concat(live).Select(e => e.Id!.Value).ShouldBe((await _server.Store.GetEventsAsync(id, 2)).Select(s => s.Sequence));
    }

    [Fact]
    public async Task Events_IdleStream_SendsKeepAliveComments()
    {
        var timeout = ServerSetup.Timeout();
        var id = await StartSuspendedAsync();
        using var stream = await SseReader.OpenAsync(Client, $"api/instances/{id}/events", cancellationToken: timeout);

        SseFrame frame;
        do frame = (await stream.ReadFrameAsync(timeout))!;
        while (frame.Comment is null);

        frame.Comment.ShouldBe("keep-alive");
    }

    [Fact]
    public async Task Events_EndedInstanceAfterItsLastEvent_Returns204()
    {
        var id = await Client.StartAsync("""{ "definitionId": "hello", "input": { "name": "Ada" } }""");
        await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        var last = (await _server.Store.GetEventsAsync(id, 0))[^1].Sequence;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/instances/{id}/events");
        request.Headers.Add("Last-Event-ID", last.ToString());
        var response = await Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Events_UnknownInstance_Returns404BeforeTheStreamStarts()
    {
        var response = await Client.GetAsync("api/instances/nope/events");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Events_InvalidLastEventId_Returns400NamingIt()
    {
        var id = await StartSuspendedAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/instances/{id}/events");
        request.Headers.Add("Last-Event-ID", "abc");
        await (await Client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Last-Event-ID");
        await (await Client.GetAsync($"api/instances/{id}/events?lastEventId=-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "lastEventId");
    }

    [Fact]
    public async Task Events_OfAnInstanceRunByAnotherProcess_ComeFromTheStore()
    {
        // A second server on the same file that serves another queue: the instance runs in the first server,
        // so its events never reach the second server's hub — the stream must read them from the store.
        var timeout = ServerSetup.Timeout();
        await using var viewer = await ServerHost.StartAsync(
            new Dictionary<string, string?> { ["Weft:Runtime:Queues:0"] = "elsewhere", ["Weft:Events:StorePollInterval"] = "00:00:00.100" },
            directory: _server.Directory);
        var id = await StartSuspendedAsync();

        using var stream = await SseReader.OpenAsync(viewer.Client, $"api/instances/{id}/events", cancellationToken: timeout);
        while ((await stream.ReadEventAsync(timeout))!.Event != EventTypes.InstanceSuspended) { }
        (await Client.PostAsync($"api/instances/{id}/signals/x", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var rest = await stream.ReadToEndAsync(timeout);

        rest[^1].Event.ShouldBe(EventTypes.InstanceCompleted);
        rest.Select(e => e.Id!.Value).ShouldBe((await _server.Store.GetEventsAsync(id, rest[0].Id!.Value - 1)).Select(s => s.Sequence));
    }

    [Fact]
    public async Task Events_OpenStream_EndsWhenTheServerStops_WithoutHoldingShutdown()
    {
        var timeout = ServerSetup.Timeout();
        var server = await ServerHost.StartAsync();
        await server.Client.CreateAsync(Workflows.WaitForSignal());
        var id = await server.Client.StartAsync("""{ "definitionId": "waiter" }""");
        await server.Workflows.WaitAsync(id, untilSuspended: true, timeout);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var stream = await SseReader.OpenAsync(client, $"api/instances/{id}/events", cancellationToken: timeout);
        while ((await stream.ReadEventAsync(timeout))!.Event != EventTypes.InstanceSuspended) { }

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await server.DisposeAsync();

        stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10)); // the host's shutdown timeout is 30 s
        (await stream.ReadToEndAsync(timeout)).ShouldBeEmpty();
    }
}
