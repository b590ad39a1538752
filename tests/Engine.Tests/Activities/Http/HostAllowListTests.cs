using Weft.Engine.Activities.Http;

namespace Weft.Engine.Tests.Activities.Http;

public sealed class HostAllowListTests
{
    [Theory]
    [InlineData("api.example.com", "api.example.com", true)]
    [InlineData("API.Example.com", "api.example.com", true)]
    [InlineData("api.example.com", "other.example.com", false)]
    [InlineData("*.example.com", "api.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "badexample.com", false)]
    [InlineData("*", "anything.test", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("::1", "[::1]", true)]
    [InlineData("[::1]", "[::1]", true)]
    [InlineData("", "api.example.com", false)]
    public void Allows_Entry_MatchesAsDocumented(string entry, string host, bool expected) =>
        HostAllowList.Allows([entry], host).ShouldBe(expected);

    [Fact]
    public void Allows_EmptyList_AllowsNothing() => HostAllowList.Allows([], "api.example.com").ShouldBeFalse();
}
