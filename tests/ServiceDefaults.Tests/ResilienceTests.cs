using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Weft.ServiceDefaults.Resilience;

namespace Weft.ServiceDefaults.Tests;

public sealed class ResilienceTests
{
    /// <summary>A factory client named "test" with the resilience handler; retries back off 10 ms so the tests stay quick.</summary>
    private static (ServiceProvider Services, HttpClient Client) CreateClient(Uri baseAddress, Action<HttpResilienceOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddHttpClient("test", c => c.BaseAddress = baseAddress).AddWeftResilience(options =>
        {
            options.RetryDelay = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(options);
        });
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient("test"));
    }

    [Fact]
    public async Task Get_500Then503Then200_SucceedsAfterTwoRetries()
    {
        await using var backend = await Backend.StartAsync(500, 503, 200);
        var (services, client) = CreateClient(backend.BaseAddress);
        await using var _ = services;

        using var response = await client.GetAsync(new Uri("flaky", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        backend.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Get_AlwaysFailing_GivesUpAfterMaxRetriesWithLastResponse()
    {
        await using var backend = await Backend.StartAsync(502);
        var (services, client) = CreateClient(backend.BaseAddress);
        await using var _ = services;

        using var response = await client.GetAsync(new Uri("down", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        backend.Count.ShouldBe(4); // the first attempt and 3 retries
    }

    [Fact]
    public async Task Get_404_IsNotRetried()
    {
        await using var backend = await Backend.StartAsync(404, 200);
        var (services, client) = CreateClient(backend.BaseAddress);
        await using var _ = services;

        using var response = await client.GetAsync(new Uri("missing", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        backend.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Post_ServerError_IsNotRetriedByDefault()
    {
        await using var backend = await Backend.StartAsync(500, 200);
        var (services, client) = CreateClient(backend.BaseAddress);
        await using var _ = services;

        using var response = await client.PostAsync(new Uri("start", UriKind.Relative), new StringContent("{}"));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        backend.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Post_ClientOptsIntoNonIdempotentRetries_IsRetried()
    {
        await using var backend = await Backend.StartAsync(503, 200);
        var (services, client) = CreateClient(backend.BaseAddress, o => o.RetryNonIdempotent = true);
        await using var _ = services;

        using var response = await client.PostAsync(new Uri("start", UriKind.Relative), new StringContent("{}"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        backend.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Post_RequestOptsIntoRetry_IsRetried()
    {
        await using var backend = await Backend.StartAsync(503, 200);
        var (services, client) = CreateClient(backend.BaseAddress);
        await using var _ = services;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("start", UriKind.Relative)) { Content = new StringContent("{}") };
        request.Options.Set(WeftResilience.RetryNonIdempotent, true);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        backend.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Put_RetriedAfter503_ResendsTheStreamedBodyIntact()
    {
        await using var backend = await Backend.StartAsync(503, 503, 200);
        var (services, client) = CreateClient(backend.BaseAddress);
        await using var _ = services;
        var body = "{\"document\":\"" + new string('x', 100_000) + "\",\"ü\":\"ß€\"}";
        // A stream that can be read once only: a resend that did not buffer it would send nothing.
        using var content = new StreamContent(new ReadOnceStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PutAsync(new Uri("documents/1", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        backend.Bodies.Count.ShouldBe(3);
        backend.Bodies.ShouldAllBe(received => received == body);
    }

    [Fact]
    public async Task Get_RetryAfterHeader_IsWaitedFor()
    {
        await using var backend = await Backend.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
            }
            return Task.CompletedTask;
        });
        var (services, client) = CreateClient(backend.BaseAddress);
        await using var _ = services;

        using var response = await client.GetAsync(new Uri("limited", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var arrivals = backend.Arrivals.ToArray();
        arrivals.Length.ShouldBe(2);
        // The back-off alone would be ~10 ms; the server asked for a second.
        (arrivals[1] - arrivals[0]).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Get_RetryAfterBeyondCap_WaitsOnlyTheCap()
    {
        await using var backend = await Backend.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "3600";
            }
            return Task.CompletedTask;
        });
        var (services, client) = CreateClient(backend.BaseAddress, o => o.MaxRetryAfter = TimeSpan.FromMilliseconds(300));
        await using var _ = services;

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri("busy", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        var arrivals = backend.Arrivals.ToArray();
        (arrivals[1] - arrivals[0]).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task Get_RepeatedFailures_OpenTheCircuitWithoutCallingTheServer()
    {
        await using var backend = await Backend.StartAsync(500);
        var (services, client) = CreateClient(backend.BaseAddress, o =>
        {
            o.MaxRetryAttempts = 0;
            o.MinimumThroughput = 3;
            o.BreakDuration = TimeSpan.FromMinutes(1);
        });
        await using var _ = services;

        for (var i = 0; i < 3; i++)
        {
            using var failed = await client.GetAsync(new Uri("down", UriKind.Relative));
            failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }
        await Should.ThrowAsync<BrokenCircuitException>(() => client.GetAsync(new Uri("down", UriKind.Relative)));

        backend.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Get_OpenCircuitForOneHost_DoesNotBlockAnotherHost()
    {
        await using var failing = await Backend.StartAsync(500);
        await using var healthy = await Backend.StartAsync(200);
        var (services, client) = CreateClient(failing.BaseAddress, o =>
        {
            o.MaxRetryAttempts = 0;
            o.MinimumThroughput = 2;
            o.BreakDuration = TimeSpan.FromMinutes(1);
        });
        await using var _ = services;
        for (var i = 0; i < 2; i++) (await client.GetAsync(new Uri("down", UriKind.Relative))).Dispose();
        await Should.ThrowAsync<BrokenCircuitException>(() => client.GetAsync(new Uri("down", UriKind.Relative)));

        using var response = await client.GetAsync(new Uri(healthy.BaseAddress, "ok"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_FirstAttemptHangs_AttemptTimeoutRetries()
    {
        await using var backend = await Backend.StartAsync(async (context, n) =>
        {
            // Hang until the client gives up on this attempt.
            if (n == 1) await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var (services, client) = CreateClient(backend.BaseAddress, o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        await using var _ = services;

        using var response = await client.GetAsync(new Uri("slow", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        backend.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Get_EveryAttemptHangs_TotalTimeoutEndsTheRequest()
    {
        await using var backend = await Backend.StartAsync(async (context, _) =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        var (services, client) = CreateClient(backend.BaseAddress, o => o.TotalTimeout = TimeSpan.FromMilliseconds(500));
        await using var _ = services;

        var watch = Stopwatch.StartNew();
        await Should.ThrowAsync<TimeoutRejectedException>(() => client.GetAsync(new Uri("stuck", UriKind.Relative)));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Get_ConnectionRefused_IsRetriedThenThrows()
    {
        // A port that was free a moment ago: nothing listens there.
        var backend = await Backend.StartAsync(200);
        var address = backend.BaseAddress;
        await backend.DisposeAsync();
        var (services, client) = CreateClient(address, o => o.MaxRetryAttempts = 2);
        await using var _ = services;

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri("gone", UriKind.Relative)));
    }

    [Fact]
    public async Task AddServiceDefaults_FactoryClient_RetriesWithDefaults()
    {
        await using var backend = await Backend.StartAsync(500, 503, 200);
        await using var app = await TestApp.StartAsync(_ => { });

        using var response = await app.CreateFactoryClient().GetAsync(new Uri(backend.BaseAddress, "flaky"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        backend.Count.ShouldBe(3);
    }

    [Fact]
    public async Task AddServiceDefaults_NamedClientAddsOptions_GetsOneHandlerNotTwo()
    {
        await using var backend = await Backend.StartAsync(500);
        await using var app = await TestApp.StartAsync(_ => { }, configure: builder =>
            builder.Services.AddHttpClient("named").AddWeftResilience(o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(10);
                o.MaxRetryAttempts = 2;
            }));

        using var response = await app.CreateFactoryClient("named").GetAsync(new Uri(backend.BaseAddress, "down"));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        // Stacked handlers would have made 3 × 4 attempts.
        backend.Count.ShouldBe(3);
    }
}
