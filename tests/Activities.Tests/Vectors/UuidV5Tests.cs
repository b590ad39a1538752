using Weft.Activities.Vectors;

namespace Weft.Activities.Tests.Vectors;

public sealed class UuidV5Tests
{
    private static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    [Theory]
    [InlineData("python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d")]
    [InlineData("www.example.com", "2ed6657d-e927-568b-95e1-2665a8aea6a2")]
    public void Create_KnownNames_GiveTheRfcUuids(string name, string expected) =>
        UuidV5.Create(DnsNamespace, name).ToString().ShouldBe(expected);

    [Fact]
    public void PointId_SameIdSameUuidAndVersion5() =>
        QdrantVectorStore.PointId("doc-1:0").ShouldSatisfyAllConditions(
            id => id.ShouldBe(QdrantVectorStore.PointId("doc-1:0")),
            id => id.ShouldNotBe(QdrantVectorStore.PointId("doc-1:1")),
            id => id.ToString()[14].ShouldBe('5'));
}
