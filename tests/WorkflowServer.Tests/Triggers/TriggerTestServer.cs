using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Activities.Http;
using Weft.Engine.Model;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Sqlite;
using Weft.WorkflowServer.Triggers;

namespace Weft.WorkflowServer.Tests.Triggers;

/// <summary>
/// The real server (<see cref="ServerHost"/>) for trigger tests, plus — only while the server's own
/// composition does not register them yet — the engine services triggers need: the SQLite store on
/// <c>Weft:Store:Sqlite:Path</c>, the activities (core and HTTP), the runtime, its client and a hosted
/// service that starts it. Once <c>AddWorkflowServer</c> registers a <see cref="WorkflowRuntime"/> these
/// stay out and the same tests run against the real registration.
/// </summary>
internal static class TriggerTestServer
{
    public static Task<ServerHost> StartAsync(IDictionary<string, string?>? settings = null) =>
        ServerHost.StartAsync(settings, configure: builder =>
            // The check must see every registration, and the configure hook runs before
            // AddWorkflowServer: a service provider factory runs at Build(), with the final collection.
            builder.Host.UseServiceProviderFactory(new EngineFallbackFactory(builder.Configuration)));

    public static WorkflowRuntime Runtime(this ServerHost server) => server.Services.GetRequiredService<WorkflowRuntime>();

    public static IWorkflowStore Store(this ServerHost server) => server.Services.GetRequiredService<IWorkflowStore>();

    /// <summary>Saves <paramref name="json"/> as a new version, publishes it and refreshes the routes, as the API does.</summary>
    public static async Task<int> PublishAsync(this ServerHost server, string json)
    {
        var definition = WeftJson.ParseDefinition(json);
        var store = server.Store();
        var version = await store.SaveDefinitionAsync(definition);
        (await store.PublishDefinitionAsync(definition.Id, version)).ShouldBeTrue();
        await server.Services.GetRequiredService<ITriggerRoutes>().RefreshAsync();
        return version;
    }

    /// <summary>Saves without publishing (a draft), then refreshes the routes.</summary>
    public static async Task SaveDraftAsync(this ServerHost server, string json)
    {
        await server.Store().SaveDefinitionAsync(WeftJson.ParseDefinition(json));
        await server.Services.GetRequiredService<ITriggerRoutes>().RefreshAsync();
    }

    public static async Task UnpublishAsync(this ServerHost server, string id)
    {
        (await server.Store().UnpublishDefinitionAsync(id)).ShouldBeTrue();
        await server.Services.GetRequiredService<ITriggerRoutes>().RefreshAsync();
    }

    public static async Task<int> CountInstancesAsync(this ServerHost server) =>
        (await server.Store().ListInstancesAsync(new InstanceQuery())).Total;

    /// <summary>Waits (bounded) for the instance to end.</summary>
    public static async Task<InstanceSnapshot> WaitForEndAsync(this ServerHost server, string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await server.Runtime().Client.WaitAsync(instanceId, cancellationToken: timeout.Token);
    }

    public static async Task<JsonObject> ReadJsonObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>Asserts the status, showing the body when it differs (a problem's detail says why).</summary>
    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
    }

    public static string InstanceId(this HttpResponseMessage response) =>
        response.Headers.GetValues("X-Weft-Instance-Id").Single();

    private sealed class EngineFallbackFactory(IConfiguration configuration) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services)
        {
            if (services.Any(d => d.ServiceType == typeof(WorkflowRuntime))) return services;
            var engine = new ServiceCollection();
            engine.AddSingleton<IWorkflowStore>(_ => new SqliteWorkflowStore(new SqliteStoreOptions
            {
                Path = configuration["Weft:Store:Sqlite:Path"] ?? throw new InvalidOperationException("Weft:Store:Sqlite:Path is not set."),
            }));
            engine.AddSingleton(_ => HttpActivities.Register(CoreActivities.Register(new ActivityRegistry())));
            engine.AddSingleton(sp => new WorkflowRuntime(
                sp.GetRequiredService<IWorkflowStore>(),
                sp.GetRequiredService<ActivityRegistry>(),
                new WorkflowRuntimeOptions { PollInterval = configuration.GetValue("Weft:Runtime:PollInterval", TimeSpan.FromSeconds(1)) },
                sp.GetRequiredService<ILoggerFactory>(),
                TimeProvider.System,
                sp));
            engine.AddSingleton(sp => sp.GetRequiredService<WorkflowRuntime>().Client);
            engine.AddHostedService<EngineStarter>();
            // First in the collection: the store is initialised before the trigger routes are first read.
            for (var i = engine.Count - 1; i >= 0; i--) services.Insert(0, engine[i]);
            return services;
        }

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
            containerBuilder.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }); // as Development does
    }

    private sealed class EngineStarter(IWorkflowStore store, WorkflowRuntime runtime) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await store.InitializeAsync(cancellationToken);
            await runtime.StartAsync(cancellationToken);
        }

        // The container disposes the runtime (stopping its workers) before the store it was built on.
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
