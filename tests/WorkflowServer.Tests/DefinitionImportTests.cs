using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Weft.WorkflowServer.Triggers;

namespace Weft.WorkflowServer.Tests;

public sealed class DefinitionImportTests : IAsyncLifetime
{
    private readonly CountingTriggerRoutes _routes = new();
    private ServerHost _server = null!;
    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() =>
        _server = await ServerHost.StartAsync(configureAfter: b => b.Services.AddSingleton<ITriggerRoutes>(_routes));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Import_ArrayWithPublish_SavesAndPublishesEach_AndRefreshesRoutesOnce()
    {
        var response = await Client.PostJsonAsync("api/definitions/import?publish=true", $"[{Workflows.Hello()}, {Workflows.WaitForSignal()}]");

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body["imported"]!.AsArray().Select(i => (i!["id"]!.GetValue<string>(), i["version"]!.GetValue<int>(), i["published"]!.GetValue<bool>()))
            .ShouldBe([("hello", 1, true), ("waiter", 1, true)]);
        (await _server.Store.GetPublishedDefinitionAsync("hello"))!.Version.ShouldBe(1);
        (await _server.Store.GetPublishedDefinitionAsync("waiter"))!.Version.ShouldBe(1);
        _routes.Refreshes.ShouldBe(1);
    }

    [Fact]
    public async Task Import_OneDefinitionOfAnExistingId_SavesANewVersionUnpublished()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());

        var body = await (await Client.PostJsonAsync("api/definitions/import", Workflows.Hello())).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["imported"]![0]!["version"]!.GetValue<int>().ShouldBe(2);
        body["imported"]![0]!["published"]!.GetValue<bool>().ShouldBeFalse();
        (await _server.Store.GetPublishedDefinitionAsync("hello")).ShouldBeNull();
        _routes.Refreshes.ShouldBe(0);
    }

    [Fact]
    public async Task Import_WithoutPublish_AcceptsDrafts()
    {
        await (await Client.PostJsonAsync("api/definitions/import", $"[{Workflows.Invalid()}]")).ShouldBeJsonAsync(HttpStatusCode.OK);

        (await _server.Store.GetDefinitionAsync("broken")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Import_OneInvalidWithPublish_SavesNothing_AndNamesTheDocumentInThePaths()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        var before = await StoreState.CaptureAsync(_server.Store);

        var response = await Client.PostJsonAsync("api/definitions/import?publish=true", $"[{Workflows.Hello()}, {Workflows.Invalid()}]");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsArray().ShouldContain(e => e!["path"]!.GetValue<string>() == "$[1].nodes[0].type");
        problem["field"]!.GetValue<string>().ShouldStartWith("$[1]");
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
        _routes.Refreshes.ShouldBe(0);
    }

    [Theory]
    [InlineData("[{ \"id\": \"a\" }, { \"id\": \"b\", \"nodes\": 7 }]", "$[1].nodes")]
    [InlineData("[{ \"id\": \"a\" }, null]", "$[1]")]
    [InlineData("[{ \"id\": \"a\" }, { \"id\": \"a\" }]", "$[1].id")]
    [InlineData("[{ \"id\": \"a\" }, { \"name\": \"no id\" }]", "$[1].id")]
    [InlineData("[]", "$")]
    [InlineData("[{ \"id\": \"a\" }", "$")]
    public async Task Import_BadDocument_Returns400NamingThePath_AndSavesNothing(string body, string field)
    {
        var response = await Client.PostJsonAsync("api/definitions/import", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_BadPublishFlag_Returns400()
    {
        await (await Client.PostJsonAsync("api/definitions/import?publish=yes", Workflows.Hello())).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "publish");
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishUnpublishDelete_RefreshTheTriggerRoutes()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());

        await Client.PostAsync("api/definitions/hello/publish", null);
        _routes.Refreshes.ShouldBe(1);
        await Client.PostAsync("api/definitions/hello/unpublish", null);
        _routes.Refreshes.ShouldBe(2);
        await Client.DeleteAsync("api/definitions/hello");
        _routes.Refreshes.ShouldBe(3);
    }

    /// <summary>Stands in for the triggers' route table: counts refreshes.</summary>
    private sealed class CountingTriggerRoutes : ITriggerRoutes
    {
        private int _refreshes;
        public int Refreshes => Volatile.Read(ref _refreshes);

        public Task RefreshAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _refreshes);
            return Task.CompletedTask;
        }
    }
}
