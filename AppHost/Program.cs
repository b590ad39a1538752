using Weft.AppHost.Backing;
using Weft.AppHost.Dashboard;
using Weft.AppHost.Hosting;

// The distributed app, Aspire-style: what runs, what it needs, and in which order. docs/apphost.md explains each part.
var builder = DistributedApplication.CreateBuilder(args);

// Backing services: PostgreSQL (ConnectionStrings:weft or local binaries) else SQLite; Qdrant when configured else embedded.
var database = builder.AddWorkflowDatabase("weft");
var vectors = builder.AddVectorStore("vectors");

var workflowServer = builder.AddProject("workflowserver", "../src/WorkflowServer/WorkflowServer.csproj")
    .WithReference(database).WaitFor(database)
    .WithReference(vectors).WaitFor(vectors)
    .WithReplicas(builder.Options.WorkflowServerReplicas)
    .WithHttpEndpoint(builder.Options.WorkflowServerPort)
    .WithEnvironment("Weft__Runtime__WorkerId", replica => replica.ReplicaName) // a restarted replica takes its leases back at once
    .WithEnvironment("Weft__Prompts__Directory", Path.Combine(builder.RepositoryRoot, "workflows", "prompts")) // ai.chat's prompt files
    .WithHttpHealthCheck("/health");

builder.AddProject("studio", "../src/Studio/Studio.csproj")
    .WithReference(workflowServer).WaitFor(workflowServer)
    .WithHttpHealthCheck("/health");

var app = builder.Build();

// The dashboard: resources, console logs, traces, logs and metrics; every service exports OTLP to it (Weft:Dashboard options).
await using var dashboard = await DashboardServer.StartAsync(builder.DashboardOptions(), app.Resources, CancellationToken.None);
app.UseDashboard(dashboard.Url, dashboard.LoginUrl, dashboard.OtlpEndpoint, dashboard.OtlpApiKey);

await app.RunAsync();
