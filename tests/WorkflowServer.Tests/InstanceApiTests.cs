using System.Net;
using Weft.Engine.Runtime;

namespace Weft.WorkflowServer.Tests;

public sealed class InstanceApiTests : IAsyncLifetime
{
    private ServerHost _server = null!;
    private HttpClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync();
        await Client.CreateAsync(Workflows.Hello());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Start_Published_Returns201WithLocation_AndRunsToCompletion()
    {
        var response = await Client.PostJsonAsync("api/instances", """{ "definitionId": "hello", "input": { "name": "Ada" } }""");

        var started = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = started["instanceId"]!.GetValue<string>();
        started["created"]!.GetValue<bool>().ShouldBeTrue();
        response.Headers.Location!.ToString().ShouldBe($"/api/instances/{id}");
        await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());
        var snapshot = await (await Client.GetAsync($"api/instances/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        snapshot["status"]!.GetValue<string>().ShouldBe("completed");
        snapshot["output"]!["message"]!.GetValue<string>().ShouldBe("Hello, Ada!");
        snapshot["progress"]!["finished"]!.GetValue<int>().ShouldBe(2);
        snapshot["variables"]!["greeting"]!.GetValue<string>().ShouldBe("Hello, Ada!");
        snapshot["nodeOutputs"]!["finish"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Start_DraftWithoutVersion_Returns404_WithVersion_Starts()
    {
        await Client.CreateAsync(Workflows.Hello("draft"), publish: false);
        var before = await StoreState.CaptureAsync(_server.Store);

        await (await Client.PostJsonAsync("api/instances", """{ "definitionId": "draft", "input": { "name": "x" } }"""))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "$.definitionId");
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);

        var started = await (await Client.PostJsonAsync("api/instances", """{ "definitionId": "draft", "version": 1, "input": { "name": "x" } }"""))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        (await _server.Workflows.WaitAsync(started["instanceId"]!.GetValue<string>(), cancellationToken: ServerSetup.Timeout())).Status.ShouldBe(InstanceStatus.Completed);
    }

    [Fact]
    public async Task Start_UnknownDefinitionOrVersion_Returns404AndCreatesNothing()
    {
        var before = await StoreState.CaptureAsync(_server.Store);

        await (await Client.PostJsonAsync("api/instances", """{ "definitionId": "nope" }""")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "$.definitionId");
        await (await Client.PostJsonAsync("api/instances", """{ "definitionId": "hello", "version": 7, "input": { "name": "x" } }"""))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "$.version");

        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Theory]
    [InlineData("""{ "definitionId": "hello" }""", "$.input.name")]
    [InlineData("""{ "definitionId": "hello", "input": { "name": 5 } }""", "$.input.name")]
    [InlineData("""{ "definitionId": "hello", "input": "Ada" }""", "$.input")]
    [InlineData("""{ "input": { "name": "Ada" } }""", "$.definitionId")]
    [InlineData("""{ "definitionId": "hello", "version": "one" }""", "$.version")]
    [InlineData("""{ "definitionId": "hello", "version": 0 }""", "$.version")]
    [InlineData("""{ "definitionId": "hello", "instanceId": "a/b", "input": { "name": "Ada" } }""", "$.instanceId")]
    [InlineData("""{ "definitionId": "hello", "input": { "name": "Ada" }""", "$")]
    [InlineData("[]", "$")]
    [InlineData("", "$")]
    public async Task Start_BadBody_Returns400NamingTheField_AndCreatesNothing(string body, string field)
    {
        var before = await StoreState.CaptureAsync(_server.Store);

        var response = await Client.PostJsonAsync("api/instances", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Start_NotJson_Returns415AndCreatesNothing()
    {
        var before = await StoreState.CaptureAsync(_server.Store);

        var response = await Client.PostAsync("api/instances", new FormUrlEncodedContent([new("definitionId", "hello")]));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "Content-Type");
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Start_SameIdempotencyKey_Returns200WithTheSameInstance()
    {
        var first = await StartWithKeyAsync("hello", "key-1");
        var second = await StartWithKeyAsync("hello", "key-1");

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var existing = await second.ShouldBeJsonAsync(HttpStatusCode.OK);
        existing["created"]!.GetValue<bool>().ShouldBeFalse();
        existing["instanceId"]!.GetValue<string>().ShouldBe((await first.ReadJsonAsync())["instanceId"]!.GetValue<string>());
        (await _server.Store.ListInstancesAsync(new())).Total.ShouldBe(1);
    }

    [Fact]
    public async Task Start_SameKeyOnAFailModeWorkflow_Returns409NamingTheExistingInstance()
    {
        await Client.CreateAsync(Workflows.Hello("strict", idempotency: "fail"));
        var first = await (await StartWithKeyAsync("strict", "key-2")).ShouldBeJsonAsync(HttpStatusCode.Created);
        await _server.Workflows.WaitAsync(first["instanceId"]!.GetValue<string>(), cancellationToken: ServerSetup.Timeout());
        var before = await StoreState.CaptureAsync(_server.Store);

        var problem = await (await StartWithKeyAsync("strict", "key-2")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "Idempotency-Key");

        problem["existingInstanceId"]!.GetValue<string>().ShouldBe(first["instanceId"]!.GetValue<string>());
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Start_CallerChosenInstanceId_IsUsedAndIdempotent()
    {
        const string body = """{ "definitionId": "hello", "instanceId": "order-42", "input": { "name": "Ada" } }""";

        (await Client.PostJsonAsync("api/instances", body)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await (await Client.PostJsonAsync("api/instances", body)).ShouldBeJsonAsync(HttpStatusCode.OK);

        again["instanceId"]!.GetValue<string>().ShouldBe("order-42");
    }

    [Fact]
    public async Task List_FiltersAndPages()
    {
        await Client.CreateAsync(Workflows.Failing());
        var hellos = new List<string>();
        for (var i = 0; i < 3; i++) hellos.Add(await Client.StartAsync("""{ "definitionId": "hello", "input": { "name": "x" } }"""));
        var failed = await Client.StartAsync("""{ "definitionId": "failing" }""");
        foreach (var id in hellos.Append(failed)) await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());

        var all = await (await Client.GetAsync("api/instances")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var page = await (await Client.GetAsync("api/instances?definitionId=hello&skip=1&take=1")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var faulted = await (await Client.GetAsync("api/instances?status=Faulted")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var future = await (await Client.GetAsync("api/instances?createdAfter=2999-01-01T00:00:00Z")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var past = await (await Client.GetAsync("api/instances?createdBefore=2999-01-01T00:00:00Z&status=completed")).ShouldBeJsonAsync(HttpStatusCode.OK);

        all["total"]!.GetValue<int>().ShouldBe(4);
        all["take"]!.GetValue<int>().ShouldBe(50);
        page["total"]!.GetValue<int>().ShouldBe(3);
        page["items"]!.AsArray().Count.ShouldBe(1);
        page["skip"]!.GetValue<int>().ShouldBe(1);
        page["items"]![0]!["definitionId"]!.GetValue<string>().ShouldBe("hello");
        faulted["items"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(failed);
        future["total"]!.GetValue<int>().ShouldBe(0);
        past["total"]!.GetValue<int>().ShouldBe(3);
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("status=3", "status")]
    [InlineData("createdAfter=yesterday", "createdAfter")]
    [InlineData("createdBefore=2024-13-45", "createdBefore")]
    [InlineData("skip=-1", "skip")]
    [InlineData("take=0", "take")]
    [InlineData("take=501", "take")]
    [InlineData("take=ten", "take")]
    [InlineData("definitionId=", "definitionId")]
    [InlineData("status=running&status=pending", "status")]
    public async Task List_InvalidFilter_Returns400NamingTheParameter(string query, string parameter)
    {
        await (await Client.GetAsync("api/instances?" + query)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task List_Take500_IsAllowed()
    {
        var body = await (await Client.GetAsync("api/instances?take=500")).ShouldBeJsonAsync(HttpStatusCode.OK);
        body["take"]!.GetValue<int>().ShouldBe(500);
    }

    [Fact]
    public async Task GetAndJournal_UnknownInstance_Return404()
    {
        await (await Client.GetAsync("api/instances/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await Client.GetAsync("api/instances/nope/journal")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Journal_ListsEveryAttemptInOrder()
    {
        var id = await Client.StartAsync("""{ "definitionId": "hello", "input": { "name": "Ada" } }""");
        await _server.Workflows.WaitAsync(id, cancellationToken: ServerSetup.Timeout());

        var journal = (await (await Client.GetAsync($"api/instances/{id}/journal")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();

        journal.Select(j => j!["nodeId"]!.GetValue<string>()).ShouldBe(["greet", "finish"]);
        journal.ShouldAllBe(j => j!["status"]!.GetValue<string>() == "completed");
        journal[0]!["activityType"]!.GetValue<string>().ShouldBe("vars.set");
    }

    private Task<HttpResponseMessage> StartWithKeyAsync(string definitionId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/instances")
        {
            Content = Http.Json($$"""{ "definitionId": "{{definitionId}}", "input": { "name": "x" } }"""),
        };
        request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request);
    }
}
