using System.Net;
using System.Text.Json.Nodes;

namespace Weft.WorkflowServer.Tests;

public sealed class DefinitionApiTests : IAsyncLifetime
{
    private ServerHost _server = null!;
    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await ServerHost.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_NewId_Returns201WithLocationAndVersion1()
    {
        var response = await Client.PostJsonAsync("api/definitions", Workflows.Hello());

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/api/definitions/hello");
        body["id"]!.GetValue<string>().ShouldBe("hello");
        body["version"]!.GetValue<int>().ShouldBe(1);
        body["publishedVersion"].ShouldBeNull();
        body["definition"]!["nodes"]!.AsArray().Count.ShouldBe(2);
        (await _server.Store.GetDefinitionAsync("hello"))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Create_ExistingId_Returns409AndSavesNothing()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        var before = await StoreState.CaptureAsync(_server.Store);

        var response = await Client.PostJsonAsync("api/definitions", Workflows.Hello());

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "$.id");
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Create_InvalidGraph_SavesTheDraft()
    {
        var response = await Client.PostJsonAsync("api/definitions", Workflows.Invalid());

        await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        (await _server.Store.GetDefinitionAsync("broken")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400WithLineAndPosition_AndSavesNothing()
    {
        var before = await StoreState.CaptureAsync(_server.Store);

        var response = await Client.PostJsonAsync("api/definitions", "{\n  \"id\": \"x\",\n  \"nodes\": [ }\n}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["field"]!.GetValue<string>().ShouldStartWith("$");
        problem["line"]!.GetValue<int>().ShouldBe(3);
        problem["position"]!.GetValue<int>().ShouldBeGreaterThan(1);
        problem["detail"]!.GetValue<string>().ShouldContain("line 3");
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Create_WrongTypeAtPath_Returns400NamingThePath()
    {
        var response = await Client.PostJsonAsync("api/definitions", """{ "id": "x", "nodes": [{ "id": "a", "type": "log", "retry": 5 }] }""");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.nodes[0].retry");
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_NotJsonContentType_Returns415NamingTheHeader()
    {
        var response = await Client.PostAsync("api/definitions", new StringContent(Workflows.Hello(), System.Text.Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "Content-Type");
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{ "nodes": [] }""", "$.id")]
    [InlineData("""{ "id": "has space" }""", "$.id")]
    [InlineData("null", "$")]
    [InlineData("[]", "$")]
    [InlineData("", "$")]
    public async Task Create_BadShape_Returns400NamingTheField(string body, string field)
    {
        var response = await Client.PostJsonAsync("api/definitions", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task List_ReturnsEachDefinitionWithLatestAndPublishedVersion()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PutJsonAsync("api/definitions/hello", Workflows.Hello());
        await Client.PostAsync("api/definitions/hello/publish?version=1", null);
        await Client.PostJsonAsync("api/definitions", Workflows.Failing());

        var list = (await (await Client.GetAsync("api/definitions")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();

        list.Select(d => d!["id"]!.GetValue<string>()).ShouldBe(["failing", "hello"]);
        var hello = list[1]!;
        hello["name"]!.GetValue<string>().ShouldBe("Hello");
        hello["latestVersion"]!.GetValue<int>().ShouldBe(2);
        hello["publishedVersion"]!.GetValue<int>().ShouldBe(1);
        hello["updatedAt"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Get_ReturnsLatestVersionAndPublishedVersion()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PostAsync("api/definitions/hello/publish", null);
        var changed = Workflows.Node(Workflows.Hello());
        changed["name"] = "Hello v2";
        await Client.PutJsonAsync("api/definitions/hello", changed.ToJsonString());

        var body = await (await Client.GetAsync("api/definitions/hello")).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["version"]!.GetValue<int>().ShouldBe(2);
        body["publishedVersion"]!.GetValue<int>().ShouldBe(1);
        body["definition"]!["name"]!.GetValue<string>().ShouldBe("Hello v2");
    }

    [Fact]
    public async Task Get_Unknown_Returns404()
    {
        await (await Client.GetAsync("api/definitions/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await Client.GetAsync("api/definitions/nope/versions")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await Client.GetAsync("api/definitions/nope/versions/1")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await Client.GetAsync("api/definitions/nope/export")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Update_WithoutId_SavesNextVersionUnderTheRouteId()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        var withoutId = Workflows.Node(Workflows.Hello());
        withoutId.Remove("id");

        var body = await (await Client.PutJsonAsync("api/definitions/hello", withoutId.ToJsonString())).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["version"]!.GetValue<int>().ShouldBe(2);
        (await _server.Store.ListDefinitionVersionsAsync("hello")).Select(v => v.Version).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Update_BodyIdDiffersFromRoute_Returns400AndSavesNothing()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        var before = await StoreState.CaptureAsync(_server.Store);

        var response = await Client.PutJsonAsync("api/definitions/hello", Workflows.Hello("other"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.id");
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Update_UnknownId_Returns404AndSavesNothing()
    {
        var response = await Client.PutJsonAsync("api/definitions/hello", Workflows.Hello());

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Versions_ListAndGetOne()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        var second = Workflows.Node(Workflows.Hello());
        second["name"] = "second";
        await Client.PutJsonAsync("api/definitions/hello", second.ToJsonString());

        var versions = (await (await Client.GetAsync("api/definitions/hello/versions")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();
        var first = await (await Client.GetAsync("api/definitions/hello/versions/1")).ShouldBeJsonAsync(HttpStatusCode.OK);

        versions.Select(v => v!["version"]!.GetValue<int>()).ShouldBe([1, 2]);
        versions.All(v => v!["isPublished"]!.GetValue<bool>() == false).ShouldBeTrue();
        first["version"]!.GetValue<int>().ShouldBe(1);
        first["definition"]!["name"]!.GetValue<string>().ShouldBe("Hello");
        await (await Client.GetAsync("api/definitions/hello/versions/3")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "version");
        await (await Client.GetAsync("api/definitions/hello/versions/one")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "version");
    }

    [Fact]
    public async Task Publish_Valid_PublishesTheLatestVersion()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PutJsonAsync("api/definitions/hello", Workflows.Hello());

        var body = await (await Client.PostAsync("api/definitions/hello/publish", null)).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["publishedVersion"]!.GetValue<int>().ShouldBe(2);
        (await _server.Store.GetPublishedDefinitionAsync("hello"))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Publish_VersionInBodyOrQuery_PublishesThatVersion()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PutJsonAsync("api/definitions/hello", Workflows.Hello());

        await (await Client.PostJsonAsync("api/definitions/hello/publish", """{ "version": 1 }""")).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await _server.Store.GetPublishedDefinitionAsync("hello"))!.Version.ShouldBe(1);

        await (await Client.PostAsync("api/definitions/hello/publish?version=2", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await _server.Store.GetPublishedDefinitionAsync("hello"))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Publish_InvalidDefinition_Returns400WithEveryErrorAndPublishesNothing()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Invalid());
        var before = await StoreState.CaptureAsync(_server.Store);

        var response = await Client.PostAsync("api/definitions/broken/publish", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray();
        errors.Count.ShouldBeGreaterThanOrEqualTo(2);
        var unknownType = errors.Single(e => e!["code"]!.GetValue<string>() == "UnknownActivityType")!;
        unknownType["path"]!.GetValue<string>().ShouldBe("$.nodes[0].type");
        unknownType["nodeId"]!.GetValue<string>().ShouldBe("a");
        unknownType["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        errors.ShouldContain(e => e!["path"]!.GetValue<string>().StartsWith("$.edges[0]", StringComparison.Ordinal));
        problem["field"]!.GetValue<string>().ShouldBe(errors[0]!["path"]!.GetValue<string>());
        (await _server.Store.GetPublishedDefinitionAsync("broken")).ShouldBeNull();
        (await StoreState.CaptureAsync(_server.Store)).ShouldBe(before);
    }

    [Theory]
    [InlineData("?version=0", null, "version")]
    [InlineData("?version=x", null, "version")]
    [InlineData("", """{ "version": "two" }""", "$.version")]
    [InlineData("", "[1]", "$")]
    [InlineData("?version=1", """{ "version": 2 }""", "$.version")]
    public async Task Publish_BadVersion_Returns400AndPublishesNothing(string query, string? body, string field)
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PutJsonAsync("api/definitions/hello", Workflows.Hello());

        var response = body is null
            ? await Client.PostAsync("api/definitions/hello/publish" + query, null)
            : await Client.PostJsonAsync("api/definitions/hello/publish" + query, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
        (await _server.Store.GetPublishedDefinitionAsync("hello")).ShouldBeNull();
    }

    [Fact]
    public async Task Publish_UnknownDefinitionOrVersion_Returns404()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());

        await (await Client.PostAsync("api/definitions/nope/publish", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
        await (await Client.PostAsync("api/definitions/hello/publish?version=9", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "version");
        (await _server.Store.GetPublishedDefinitionAsync("hello")).ShouldBeNull();
    }

    [Fact]
    public async Task Unpublish_RemovesThePublishedVersion()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PostAsync("api/definitions/hello/publish", null);

        var body = await (await Client.PostAsync("api/definitions/hello/unpublish", null)).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["publishedVersion"].ShouldBeNull();
        (await _server.Store.GetPublishedDefinitionAsync("hello")).ShouldBeNull();
        await (await Client.PostAsync("api/definitions/nope/unpublish", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Delete_RemovesTheDefinitionFromListsAndLookups()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PostAsync("api/definitions/hello/publish", null);

        (await Client.DeleteAsync("api/definitions/hello")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await Client.GetAsync("api/definitions/hello")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
        (await _server.Store.GetPublishedDefinitionAsync("hello")).ShouldBeNull();
        await (await Client.DeleteAsync("api/definitions/hello")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Validate_ReportsValidityWithoutSaving()
    {
        var good = await (await Client.PostJsonAsync("api/definitions/validate", Workflows.Hello())).ShouldBeJsonAsync(HttpStatusCode.OK);
        var bad = await (await Client.PostJsonAsync("api/definitions/validate", Workflows.Invalid())).ShouldBeJsonAsync(HttpStatusCode.OK);

        good["valid"]!.GetValue<bool>().ShouldBeTrue();
        good["errors"]!.AsArray().ShouldBeEmpty();
        bad["valid"]!.GetValue<bool>().ShouldBeFalse();
        bad["errors"]!.AsArray().ShouldContain(e => e!["path"]!.GetValue<string>() == "$.nodes[0].type" && e["nodeId"]!.GetValue<string>() == "a");
        (await _server.Store.ListDefinitionsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Validate_MalformedJson_Returns400()
    {
        await (await Client.PostJsonAsync("api/definitions/validate", "{ \"id\": ")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$.id");
    }

    [Fact]
    public async Task Export_ReturnsTheVersionAsAnAttachment()
    {
        await Client.PostJsonAsync("api/definitions", Workflows.Hello());
        await Client.PutJsonAsync("api/definitions/hello", Workflows.Hello());

        var response = await Client.GetAsync("api/definitions/hello/export?version=1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("hello.v1.json");
        var exported = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        exported["id"]!.GetValue<string>().ShouldBe("hello");
        exported["version"]!.GetValue<int>().ShouldBe(1);
        await (await Client.GetAsync("api/definitions/hello/export?version=x")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "version");
    }
}
