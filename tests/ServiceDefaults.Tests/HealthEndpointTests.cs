using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Weft.ServiceDefaults.Health;

namespace Weft.ServiceDefaults.Tests;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task HealthAndAlive_AllChecksPass_Answer200()
    {
        await using var app = await TestApp.StartAsync(_ => { });

        (await app.Client.GetAsync(new Uri("health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Client.GetAsync(new Uri("alive", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_ReadyCheckFails_Answers503WhileAliveStays200()
    {
        await using var app = await TestApp.StartAsync(_ => { }, configure: builder => builder.Services.AddHealthChecks()
            .AddCheck("database", () => HealthCheckResult.Unhealthy("no connection"), [HealthEndpoints.ReadyTag]));

        using var health = await app.Client.GetAsync(new Uri("health", UriKind.Relative));
        using var alive = await app.Client.GetAsync(new Uri("alive", UriKind.Relative));

        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await health.Content.ReadAsStringAsync()).ShouldBe("Unhealthy");
        alive.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/health", true)]
    [InlineData("/alive", true)]
    [InlineData("/HEALTH/", true)]
    [InlineData("/healthz", false)]
    [InlineData("/health/extra", false)]
    [InlineData("/api/health", false)]
    [InlineData(null, false)]
    public void IsProbePath_Path_MatchesOnlyTheProbes(string? path, bool expected) =>
        HealthEndpoints.IsProbePath(path).ShouldBe(expected);
}
