using Weft.WorkflowServer.Api;
using Weft.WorkflowServer.Hosting;
using Weft.WorkflowServer.Triggers;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkflowServer();     // store, activities, runtime, options, API key auth, limits
builder.AddWorkflowTriggers();   // http.trigger routes from published definitions

var app = builder.Build();

app.UseWorkflowServer();         // Problem Details, API keys, body limit
app.MapDefaultEndpoints();       // /health, /alive
app.MapWorkflowApi();            // /api/...
app.MapWorkflowTriggers();       // /workflows/{route}

app.Run();
