using System.Text;
using System.Text.Json.Nodes;
using Weft.Activities.Documents;
using Weft.Activities.Tests.DataTesting;

namespace Weft.Activities.Tests.Documents;

public sealed class SqliteDocumentStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SaveAsync_WithoutId_GeneratesOneAndGetReturnsTheContent()
    {
        using var store = new SqliteDocumentStore(_directory.File("docs.db"));

        var info = await store.SaveAsync(new DocumentUpload(null, "a.txt", "text/plain", Encoding.UTF8.GetBytes("hello"), "A", new JsonObject { ["lang"] = "en" }));
        var loaded = await store.GetAsync(info.Id);

        info.Id.ShouldNotBeNullOrWhiteSpace();
        info.Length.ShouldBe(5);
        info.Sha256.ShouldBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        loaded.ShouldNotBeNull();
        Encoding.UTF8.GetString(loaded.Content).ShouldBe("hello");
        loaded.Info.Title.ShouldBe("A");
        loaded.Info.Metadata!["lang"]!.GetValue<string>().ShouldBe("en");
    }

    [Fact]
    public async Task SaveAsync_ExistingId_ReplacesTheContentAndKeepsTheCreationTime()
    {
        var clock = new MovableClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var store = new SqliteDocumentStore(_directory.File("docs.db"), clock);
        var first = await store.SaveAsync(new DocumentUpload("d", "v1.txt", "text/plain", [1]));
        clock.Now = clock.Now.AddHours(1);

        var second = await store.SaveAsync(new DocumentUpload("d", "v2.txt", "text/markdown", [1, 2, 3]));

        second.CreatedAt.ShouldBe(first.CreatedAt);
        second.UpdatedAt.ShouldBe(clock.Now);
        (await store.GetAsync("d"))!.Content.ShouldBe(new byte[] { 1, 2, 3 });
        (await store.ListAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ListAsync_ReturnsNewestFirstWithPaging()
    {
        var clock = new MovableClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var store = new SqliteDocumentStore(_directory.File("docs.db"), clock);
        foreach (var name in new[] { "one", "two", "three" })
        {
            await store.SaveAsync(new DocumentUpload(name, name, "text/plain", [0x41]));
            clock.Now = clock.Now.AddMinutes(1);
        }

        (await store.ListAsync()).Select(d => d.Id).ShouldBe(["three", "two", "one"]);
        (await store.ListAsync(limit: 1, offset: 1)).Select(d => d.Id).ShouldBe(["two"]);
    }

    [Fact]
    public async Task Store_Reopened_KeepsDocumentsAndDeleteRemovesThem()
    {
        var path = _directory.File("docs.db");
        using (var store = new SqliteDocumentStore(path))
            await store.SaveAsync(new DocumentUpload("keep", "k.txt", "text/plain", [0x42]));

        using var reopened = new SqliteDocumentStore(path);
        (await reopened.GetAsync("keep")).ShouldNotBeNull();
        (await reopened.DeleteAsync("keep")).ShouldBeTrue();
        (await reopened.DeleteAsync("keep")).ShouldBeFalse();
        (await reopened.GetAsync("keep")).ShouldBeNull();
    }

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
