using Weft.Studio.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddStudio();             // options, the /api forwarder's connection to the workflow server, Problem Details

var app = builder.Build();

app.MapDefaultEndpoints();       // /health, /alive
app.MapStudio();                 // /api/** forwarded to the workflow server; the single-page app and its fallback

app.Run();
