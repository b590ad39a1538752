using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Weft.Activities;
using Weft.Activities.Data;
using Weft.Activities.Providers;
using Weft.Engine.Activities;
using Weft.Engine.Activities.Core;
using Weft.Engine.Activities.Http;
using Weft.Engine.Expressions;
using Weft.Engine.Runtime;
using Weft.Engine.Storage;
using Weft.Engine.Storage.Postgres;
using Weft.Engine.Storage.Sqlite;
using Weft.Engine.Validation;
using Weft.WorkflowServer.Api;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// Composes the workflow server: <see cref="AddWorkflowServer"/> registers the store, activities, runtime,
/// validation, JSON, Problem Details, OpenAPI and health; <see cref="UseWorkflowServer"/> puts errors,
/// status codes and API keys in front of every endpoint. Program.cs shows the order.
/// </summary>
public static class WorkflowServerHosting
{
    public static WebApplicationBuilder AddWorkflowServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // The store: Weft:Store:Provider and ConnectionStrings:weft choose SQLite or PostgreSQL (StoreSettingsSetup).
        services.AddSingleton<StoreSettingsSetup>();
        services.AddSingleton<IPostConfigureOptions<WorkflowServerOptions>>(sp => sp.GetRequiredService<StoreSettingsSetup>());
        services.AddSingleton<IValidateOptions<WorkflowServerOptions>>(sp => sp.GetRequiredService<StoreSettingsSetup>());
        services.AddOptions<WorkflowServerOptions>()
            .Bind(builder.Configuration.GetSection(WorkflowServerOptions.SectionName))
            .Validate(o => o.MaxRequestBodyBytes > 0, "Weft:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.Runtime.MaxConcurrentInstances is null or > 0, "Weft:Runtime:MaxConcurrentInstances must be positive.")
            .Validate(o => o.Runtime.MaxInlineNodesPerCommit is null or >= 0, "Weft:Runtime:MaxInlineNodesPerCommit must be 0 or more.")
            .Validate(o => o.Runtime.MaxEphemeralJournalEntries is null or >= 0, "Weft:Runtime:MaxEphemeralJournalEntries must be 0 or more.")
            .Validate(o => o.Events.KeepAliveInterval > TimeSpan.Zero && o.Events.StorePollInterval > TimeSpan.Zero, "Weft:Events intervals must be positive.")
            .ValidateOnStart();

        // Kestrel refuses a larger body with 413 while the endpoint reads it (the exception handler words it).
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<WorkflowServerOptions>>((kestrel, options) => kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBodyBytes);

        AddEngine(services);
        // LLM and embedding model aliases (Weft:Models:<alias>:Endpoint|Model|ApiKey…); embeddings work offline by default.
        services.AddWeftModels(new ModelCatalogOptions
        {
            Aliases = builder.Configuration.GetSection("Weft:Models").Get<Dictionary<string, ModelAlias>>() is { } aliases
                ? new Dictionary<string, ModelAlias>(aliases, StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, ModelAlias>(StringComparer.OrdinalIgnoreCase),
        });
        // Vector store, memory history and stored documents for the data activities (Weft:Data:Directory,
        // default <content root>/.weft); document.load may fetch only from Weft:Http:AllowedHosts.
        var configuration = builder.Configuration;
        services.AddWeftData(new DataServiceOptions
        {
            DataDirectory = configuration["Weft:Data:Directory"] ?? Path.Combine(builder.Environment.ContentRootPath, ".weft"),
            AllowedHosts = Triggers.HttpActivityConfiguration.Read(configuration).AllowedHosts.ToList(),
            QdrantEndpoint = configuration["Weft:Qdrant:Endpoint"] is { Length: > 0 } qdrant ? new Uri(qdrant) : null,
            QdrantApiKey = configuration["Weft:Qdrant:ApiKey"],
        });

        // ai.chat's prompt files (Weft:Prompts:Directory, relative to the content root); without it the activity
        // falls back to WEFT_PROMPTS_DIRECTORY or the current directory, which depends on how the server was started.
        if (configuration["Weft:Prompts:Directory"] is { Length: > 0 } prompts)
            services.AddSingleton(new Weft.Activities.Chat.PromptLibrary(Path.Combine(builder.Environment.ContentRootPath, prompts)));

        services.ConfigureHttpJsonOptions(o => ApiJson.Apply(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.Apply);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.AddHttpClient();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, tags: ["ready"]);
        services.AddSingleton<DefinitionWriteGate>();
        services.AddSingleton<EventStreamRelay>(); // live events written by other servers (PostgreSQL notifications)
        Monitoring.MonitoringHosting.AddWorkflowMonitoring(builder); // metrics, alert rules and their continuous evaluation (Monitoring/)
        return builder;
    }

    /// <summary>The engine as singletons: one store, one registry, one runtime (started and stopped by <see cref="WorkflowEngineService"/>).</summary>
    private static void AddEngine(IServiceCollection services)
    {
        services.AddSingleton<IWorkflowStore>(sp =>
        {
            var store = sp.GetRequiredService<IOptions<WorkflowServerOptions>>().Value.Store;
            return store.SelectedProvider == StoreProvider.Postgres
                ? new PostgresWorkflowStore(StoreSettingsSetup.ToStoreOptions(store.Postgres), sp.GetService<TimeProvider>())
                : new SqliteWorkflowStore(new SqliteStoreOptions { Path = store.Sqlite.Path! });
        });
        services.AddSingleton(_ =>
        {
            var registry = new ActivityRegistry();
            CoreActivities.Register(registry);
            HttpActivities.Register(registry);
            AiActivities.Register(registry);
            return registry;
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WorkflowServerOptions>>().Value;
            return new WorkflowRuntime(
                sp.GetRequiredService<IWorkflowStore>(),
                sp.GetRequiredService<ActivityRegistry>(),
                options.Runtime.ToRuntimeOptions(options.Secrets),
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetService<TimeProvider>(),
                sp); // activities resolve services (IHttpClientFactory…) from the app's container
        });
        services.AddSingleton(sp => sp.GetRequiredService<WorkflowRuntime>().Client);
        services.AddSingleton(sp => sp.GetRequiredService<WorkflowRuntime>().Events);
        services.AddSingleton(sp => new WorkflowValidator(sp.GetRequiredService<ActivityRegistry>(), ExpressionEngine.Default));
        services.AddHostedService<WorkflowEngineService>();
    }

    public static WebApplication UseWorkflowServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }
}
