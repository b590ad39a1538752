using Microsoft.Extensions.DependencyInjection;
using Weft.Activities.Chat;

namespace Weft.WorkflowServer.Tests;

public sealed class PromptDirectoryTests
{
    [Fact]
    public async Task Start_PromptsDirectorySetting_RegistersTheLibraryOverThatDirectory()
    {
        var prompts = Directory.CreateTempSubdirectory("weft-prompts-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(prompts, "greet.yaml"), "system: You greet.\nuser: \"Hello {{ input.name }}\"\n");
            await using var server = await ServerHost.StartAsync(new Dictionary<string, string?> { ["Weft:Prompts:Directory"] = prompts });

            var library = server.Services.GetRequiredService<PromptLibrary>();
            library.Directory.ShouldBe(Path.GetFullPath(prompts));
            PromptLibrary.Resolve(server.Services).ShouldBeSameAs(library);
            library.Load("greet.yaml", "n1").ShouldNotBeNull();
        }
        finally
        {
            try { Directory.Delete(prompts, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }

    [Fact]
    public async Task Start_WithoutPromptsSetting_RegistersNoLibrary()
    {
        await using var server = await ServerHost.StartAsync();
        server.Services.GetService<PromptLibrary>().ShouldBeNull();
    }
}
