namespace Weft.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task SaveDefinition_SameId_NumbersVersionsFromOnePerId()
    {
        await using var store = await CreateStoreAsync();

        (await store.SaveDefinitionAsync(Definition("a"))).ShouldBe(1);
        (await store.SaveDefinitionAsync(Definition("a"))).ShouldBe(2);
        (await store.SaveDefinitionAsync(Definition("b"))).ShouldBe(1);
        (await store.SaveDefinitionAsync(Definition("a"))).ShouldBe(3);
    }

    [Fact]
    public async Task GetDefinition_NoVersion_ReturnsLatestAndExplicitVersionReturnsThatOne()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a", "first"));
        await store.SaveDefinitionAsync(Definition("a", "second"));

        var latest = await store.GetDefinitionAsync("a");
        var first = await store.GetDefinitionAsync("a", 1);

        latest.ShouldNotBeNull();
        latest.Name.ShouldBe("second");
        latest.Version.ShouldBe(2);
        latest.Nodes.Single().Inputs["message"]!.GetValue<string>().ShouldBe("hello");
        first.ShouldNotBeNull();
        first.Name.ShouldBe("first");
        first.Version.ShouldBe(1);
    }

    [Fact]
    public async Task SaveDefinition_CallerObject_IsNotChanged()
    {
        await using var store = await CreateStoreAsync();
        var definition = Definition("a");
        await store.SaveDefinitionAsync(definition);

        (await store.SaveDefinitionAsync(definition)).ShouldBe(2);
        definition.Version.ShouldBe(0);
    }

    [Fact]
    public async Task GetDefinition_UnknownIdOrVersion_ReturnsNull()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a"));

        (await store.GetDefinitionAsync("missing")).ShouldBeNull();
        (await store.GetDefinitionAsync("a", 2)).ShouldBeNull();
    }

    [Fact]
    public async Task PublishDefinition_ExistingVersion_BecomesTheOnlyPublishedOne()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a", "first"));
        await store.SaveDefinitionAsync(Definition("a", "second"));
        await store.SaveDefinitionAsync(Definition("a", "third"));

        (await store.PublishDefinitionAsync("a", 1)).ShouldBeTrue();
        (await store.GetPublishedDefinitionAsync("a"))!.Name.ShouldBe("first");

        (await store.PublishDefinitionAsync("a", 2)).ShouldBeTrue();
        var published = await store.GetPublishedDefinitionAsync("a");
        published.ShouldNotBeNull();
        published.Version.ShouldBe(2);
        published.Name.ShouldBe("second");
        (await store.ListDefinitionVersionsAsync("a")).Where(v => v.IsPublished).Select(v => v.Version).ShouldBe([2]);
    }

    [Fact]
    public async Task PublishDefinition_MissingVersion_ReturnsFalseAndPublishesNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a"));

        (await store.PublishDefinitionAsync("a", 5)).ShouldBeFalse();
        (await store.PublishDefinitionAsync("missing", 1)).ShouldBeFalse();
        (await store.GetPublishedDefinitionAsync("a")).ShouldBeNull();
    }

    [Fact]
    public async Task UnpublishDefinition_Published_RemovesItAndSecondCallReturnsFalse()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a"));
        await store.PublishDefinitionAsync("a", 1);

        (await store.UnpublishDefinitionAsync("a")).ShouldBeTrue();
        (await store.GetPublishedDefinitionAsync("a")).ShouldBeNull();
        (await store.UnpublishDefinitionAsync("a")).ShouldBeFalse();
        (await store.GetDefinitionAsync("a")).ShouldNotBeNull();
    }

    [Fact]
    public async Task ListDefinitions_SeveralIds_ShowsLatestVersionAndPublishedVersionOfEach()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a", "a-first"));
        await store.SaveDefinitionAsync(Definition("a", "a-second"));
        await store.SaveDefinitionAsync(Definition("b", "b-first"));
        await store.PublishDefinitionAsync("a", 1);

        var list = (await store.ListDefinitionsAsync()).ToDictionary(d => d.Id);

        list.Keys.Order().ShouldBe(["a", "b"]);
        list["a"].LatestVersion.ShouldBe(2);
        list["a"].Name.ShouldBe("a-second");
        list["a"].Description.ShouldBe("a description");
        list["a"].PublishedVersion.ShouldBe(1);
        list["b"].LatestVersion.ShouldBe(1);
        list["b"].PublishedVersion.ShouldBeNull();
        list["b"].UpdatedAt.ShouldBeInRange(Now.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ListDefinitionVersions_ThreeVersions_ListsEachWithPublishedFlag()
    {
        await using var store = await CreateStoreAsync();
        for (var i = 0; i < 3; i++)
            await store.SaveDefinitionAsync(Definition("a"));
        await store.PublishDefinitionAsync("a", 3);

        var versions = (await store.ListDefinitionVersionsAsync("a")).OrderBy(v => v.Version).ToList();

        versions.Select(v => v.Version).ShouldBe([1, 2, 3]);
        versions.Select(v => v.IsPublished).ShouldBe([false, false, true]);
        (await store.ListDefinitionVersionsAsync("missing")).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteDefinition_Existing_HidesEveryVersionButServesExplicitVersions()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a"));
        await store.SaveDefinitionAsync(Definition("a"));
        await store.SaveDefinitionAsync(Definition("b"));
        await store.PublishDefinitionAsync("a", 2);

        (await store.DeleteDefinitionAsync("a")).ShouldBeTrue();

        (await store.GetDefinitionAsync("a")).ShouldBeNull();
        (await store.GetPublishedDefinitionAsync("a")).ShouldBeNull();
        (await store.ListDefinitionsAsync()).Select(d => d.Id).ShouldBe(["b"]);
        (await store.ListDefinitionVersionsAsync("a")).ShouldBeEmpty();
        (await store.GetDefinitionAsync("a", 1)).ShouldNotBeNull();
        (await store.GetDefinitionAsync("a", 2))!.Version.ShouldBe(2);
        (await store.PublishDefinitionAsync("a", 2)).ShouldBeFalse();
        (await store.UnpublishDefinitionAsync("a")).ShouldBeFalse();
        (await store.DeleteDefinitionAsync("a")).ShouldBeFalse();
    }

    [Fact]
    public async Task DeleteDefinition_UnknownId_ReturnsFalse()
    {
        await using var store = await CreateStoreAsync();

        (await store.DeleteDefinitionAsync("missing")).ShouldBeFalse();
    }

    [Fact]
    public async Task SaveDefinition_AfterDelete_ContinuesNumberingAndIsListedAgain()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveDefinitionAsync(Definition("a", "old"));
        await store.DeleteDefinitionAsync("a");

        (await store.SaveDefinitionAsync(Definition("a", "new"))).ShouldBe(2);

        (await store.GetDefinitionAsync("a"))!.Name.ShouldBe("new");
        (await store.ListDefinitionsAsync()).Single().LatestVersion.ShouldBe(2);
        (await store.ListDefinitionVersionsAsync("a")).Select(v => v.Version).ShouldBe([2]);
        (await store.GetDefinitionAsync("a", 1))!.Name.ShouldBe("old");
    }
}
