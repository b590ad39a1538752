using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Weft.Studio.Forwarding;

namespace Weft.Studio.Hosting;

/// <summary>Composes Studio: <see cref="AddStudio"/> on the builder, <see cref="MapStudio"/> on the app.</summary>
public static class StudioHosting
{
    /// <summary>The folder the build copies the client app into, next to the assembly.</summary>
    public const string ClientAppOutputFolder = "studio-app";

    public static WebApplicationBuilder AddStudio(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StudioOptions>().Bind(builder.Configuration.GetSection(StudioOptions.Section));
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<ServerConnection>();
        builder.Services.AddSingleton<ServerEndpoint>();
        builder.Services.AddSingleton<ApiForwarder>();
        return builder;
    }

    public static WebApplication MapStudio(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var forwarder = app.Services.GetRequiredService<ApiForwarder>();
        app.Map("/api", (RequestDelegate)forwarder.ForwardAsync);
        app.Map("/api/{**path}", (RequestDelegate)forwarder.ForwardAsync);

        var root = ClientAppRoot(app);
        if (root is null)
        {
            app.MapFallback(async context =>
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Studio's client app is not built: run `dotnet build src/Studio` (it runs npm ci and the Vite build).").ConfigureAwait(false);
            });
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Hashed asset names may be cached for good; index.html must be read fresh to pick up a new build.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl =
                c.File.Name.Equals("index.html", StringComparison.OrdinalIgnoreCase) ? "no-cache" : "public, max-age=31536000, immutable",
        });
        // Client-side routes (/designer/x, /instances/y) get the app shell; unknown /api paths never reach here.
        app.MapFallbackToFile("index.html", new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    private static string? ClientAppRoot(WebApplication app)
    {
        var configured = app.Services.GetRequiredService<IOptions<StudioOptions>>().Value.ClientAppPath;
        string[] candidates = configured is { Length: > 0 }
            ? [Path.GetFullPath(configured, app.Environment.ContentRootPath)]
            : [Path.Combine(app.Environment.ContentRootPath, "ClientApp", "dist"), Path.Combine(AppContext.BaseDirectory, ClientAppOutputFolder)];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "index.html")));
    }
}
