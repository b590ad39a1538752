using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;

namespace Weft.WorkflowServer.Tests;

public sealed class InstanceControlTests : IAsyncLifetime
{
    private ServerHost _server = null!;
    private HttpClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync();
        await Client.CreateAsync(Workflows.WaitForSignal());
        await Client.CreateAsync(Workflows.Failing());
        await Client.CreateAsync(Workflows.Hello());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> StartSuspendedAsync()
    {
        var id = await Client.StartAsync("""{ "definitionId": "waiter" }""");
        (await _server.Workflows.WaitAsync(id, untilSuspended: true, ServerSetup.Timeout())).Status.ShouldBe(InstanceStatus.Suspended);
        return id;
    }

    [Fact]
    public async Task SignalAndQuery_OverHttp_SuspendedThenCompletedWithThePayload()
    {
        var id = await StartSuspendedAsync();

        var waiting = await (await Client.GetAsync($"api/instances/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        waiting["status"]!.GetValue<string>().ShouldBe("suspended");
        var current = waiting["currentNodes"]!.AsArray().Single()!;
        current["nodeId"]!.GetValue<string>().ShouldBe("wait");
        current["waitingFor"]!.GetValue<string>().ShouldBe("signal:x");

        var response = await Client.PostJsonAsync($"api/instances/{id}/signals/x", """{ "approved": true, "by": "grace" }""");

        var accepted = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        accepted["instanceId"]!.GetValue<string>().ShouldBe(id);
        await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        var done = await (await Client.GetAsync($"api/instances/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        done["status"]!.GetValue<string>().ShouldBe("completed");
        done["output"]!["got"]!["by"]!.GetValue<string>().ShouldBe("grace");
        done["currentNodes"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Signal_EmptyBody_DeliversANullPayload()
    {
        var id = await StartSuspendedAsync();

        (await Client.PostAsync($"api/instances/{id}/signals/x", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var done = await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        done.Status.ShouldBe(InstanceStatus.Completed);
        done.Output!["got"].ShouldBeNull();
    }

    [Fact]
    public async Task Signal_InvalidJson_Returns400AndStoresNoSignal()
    {
        var id = await StartSuspendedAsync();

        var response = await Client.PostJsonAsync($"api/instances/{id}/signals/x", "{ \"approved\": tru }");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["field"]!.GetValue<string>().ShouldStartWith("$");
        problem["line"]!.GetValue<int>().ShouldBe(1);
        (await _server.Store.GetPendingSignalsAsync(id)).ShouldBeEmpty();
        (await _server.Workflows.GetAsync(id))!.Status.ShouldBe(InstanceStatus.Suspended);
    }

    [Fact]
    public async Task Signal_NotJson_Returns415AndStoresNoSignal()
    {
        var id = await StartSuspendedAsync();

        var response = await Client.PostAsync($"api/instances/{id}/signals/x", new StringContent("yes", System.Text.Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "Content-Type");
        (await _server.Store.GetPendingSignalsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Signal_UnknownInstance_Returns404()
    {
        var before = await StoreState.CaptureAsync(_server.Store);

        await (await Client.PostJsonAsync("api/instances/nope/signals/x", "{}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");

        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Signal_EndedInstance_Returns409AndStoresNoSignal()
    {
        var id = await Client.StartAsync("""{ "definitionId": "hello", "input": { "name": "x" } }""");
        (await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout())).Status.ShouldBe(InstanceStatus.Completed);

        await (await Client.PostJsonAsync($"api/instances/{id}/signals/x", "{}")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "id");

        (await _server.Store.GetPendingSignalsAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancel_Suspended_Returns202AndEndsCancelled()
    {
        var id = await StartSuspendedAsync();

        var accepted = await (await Client.PostAsync($"api/instances/{id}/cancel", null)).ShouldBeJsonAsync(HttpStatusCode.Accepted);

        accepted["statusBefore"]!.GetValue<string>().ShouldBe("suspended");
        (await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout())).Status.ShouldBe(InstanceStatus.Cancelled);
        await (await Client.PostAsync($"api/instances/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "id");
    }

    [Fact]
    public async Task Terminate_Suspended_Returns202AndEndsTerminated()
    {
        var id = await StartSuspendedAsync();

        (await Client.PostAsync($"api/instances/{id}/terminate", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout())).Status.ShouldBe(InstanceStatus.Terminated);
        await (await Client.PostAsync($"api/instances/{id}/terminate", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "id");
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("terminate")]
    [InlineData("retry")]
    public async Task Control_UnknownInstance_Returns404(string action)
    {
        await (await Client.PostAsync($"api/instances/nope/{action}", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Retry_Faulted_Returns202AndRunsTheFailedNodeAgain()
    {
        var id = await Client.StartAsync("""{ "definitionId": "failing" }""");
        await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        using var events = _server.Services.GetRequiredService<InstanceEventHub>().Subscribe(id);

        (await Client.PostAsync($"api/instances/{id}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // flow.fail fails again: the retried run ends Faulted once more, with a second attempt in the journal.
        var timeout = ServerSetup.Timeout();
        while ((await events.Reader.ReadAsync(timeout)).Type != EventTypes.InstanceFaulted) { }
        (await _server.Store.GetJournalAsync(id)).Count(j => j.NodeId == "boom").ShouldBe(2);
    }

    [Fact]
    public async Task Retry_NotFaulted_Returns409()
    {
        var id = await StartSuspendedAsync();

        await (await Client.PostAsync($"api/instances/{id}/retry", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "id");
    }
}
