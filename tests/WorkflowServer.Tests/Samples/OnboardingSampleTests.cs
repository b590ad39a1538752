using System.Net;
using System.Text.Json.Nodes;
using Weft.Activities.Tests.OpenAiTestServer;
using Xunit.Abstractions;

namespace Weft.WorkflowServer.Tests.Samples;

/// <summary>workflows/onboarding.json end to end: one instance per user, user_message signals, state queries, memory, and a SIGKILL.</summary>
public sealed class OnboardingSampleTests(ITestOutputHelper output)
{
    /// <summary>Answers by step (read from the prompt), so several users' instances can share the model.</summary>
    private static void ScriptReplies(ModelScript main) => main.Otherwise = ScriptedReply.From(request =>
        request.LastUserMessage.StartsWith("Greet", StringComparison.Ordinal) ? "Welcome, Ada! What would you like to achieve?"
        : request.LastUserMessage.Contains("brain-dump", StringComparison.Ordinal) ? "Great goals. Now tell me everything on your mind."
        : "Your routine: " + request.Conversation[0].Content.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)) + " things remembered. Setup is complete.");

    [Fact]
    public async Task Onboarding_TwoMessages_WalksTheStepsRemembersAndCompletes()
    {
        await using var server = await SampleServer.StartAsync(["onboarding"]);
        ScriptReplies(server.Main);
        var id = await OnboardingSteps.StartAsync(server.Client, "ada");
        (await OnboardingSteps.StartAsync(server.Client, "ada")).ShouldBe(id, "one instance per user");
        (await OnboardingSteps.StartAsync(server.Client, "bob")).ShouldNotBe(id);

        var discovery = await OnboardingSteps.WaitForStepAsync(server.Client, id, "discovery");
        discovery["variables"]!["progress"]!.GetValue<int>().ShouldBe(25);
        discovery["variables"]!["lastReply"]!.GetValue<string>().ShouldBe("Welcome, Ada! What would you like to achieve?");
        discovery["currentNodes"]!.AsArray().ShouldHaveSingleItem()!["nodeId"]!.GetValue<string>().ShouldBe("discoveryMessage");

        await OnboardingSteps.SendAsync(server.Client, id, "I want to sleep better and run twice a week");
        var brainDump = await OnboardingSteps.WaitForStepAsync(server.Client, id, "brain_dump");
        brainDump["variables"]!["progress"]!.GetValue<int>().ShouldBe(50);
        brainDump["variables"]!["lastReply"]!.GetValue<string>().ShouldStartWith("Great goals");

        await OnboardingSteps.SendAsync(server.Client, id, "Taxes due Friday, call mum, learn Spanish");
        var done = await OnboardingSteps.WaitForStepAsync(server.Client, id, "setup_complete");
        done["status"]!.GetValue<string>().ShouldBe("completed");
        done["variables"]!["progress"]!.GetValue<int>().ShouldBe(100);
        done["output"]!["remembered"]!.AsArray().Select(m => m!.GetValue<string>())
            .ShouldBe(["I want to sleep better and run twice a week", "Taxes due Friday, call mum, learn Spanish"], ignoreOrder: true);
        done["output"]!["summary"]!.GetValue<string>().ShouldBe("Your routine: 2 things remembered. Setup is complete.");
    }

    [Fact]
    public async Task Onboarding_ServerKilledBetweenMessages_ContinuesWithItsMemoryAndStep()
    {
        await using var models = await OpenAiTestServer.StartAsync();
        ScriptReplies(models.Model(SampleServer.MainModel));
        var directory = Directory.CreateTempSubdirectory("weft-onboarding-kill-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Weft__Store__Sqlite__Path"] = Path.Combine(directory, "weft.db"),
            ["Weft__Data__Directory"] = Path.Combine(directory, "data"),
            ["Weft__Runtime__WorkerId"] = "onboarding-server", // the restarted process takes its leases back at once
            ["Weft__Runtime__PollInterval"] = "00:00:00.100",
            ["WEFT_PROMPTS_DIRECTORY"] = SampleFiles.Prompts,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in SampleServer.ModelSettings(models.Endpoint)) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        try
        {
            string id;
            using (var first = await ServerProcess.StartAsync(directory, environment, TimeSpan.FromSeconds(60)))
            {
                await first.Client.CreateAsync(SampleFiles.Definition("onboarding"));
                id = await OnboardingSteps.StartAsync(first.Client, "ada");
                await OnboardingSteps.WaitForStepAsync(first.Client, id, "discovery");
                await OnboardingSteps.SendAsync(first.Client, id, "I want to sleep better");
                await OnboardingSteps.WaitForStepAsync(first.Client, id, "brain_dump");
                first.Kill();
                output.WriteLine($"killed server process {first.Id} with the instance waiting at brain_dump");
            }

            using var second = await ServerProcess.StartAsync(directory, environment, TimeSpan.FromSeconds(60));
            var state = await OnboardingSteps.WaitForStepAsync(second.Client, id, "brain_dump");
            state["variables"]!["lastReply"]!.GetValue<string>().ShouldStartWith("Great goals");
            (await OnboardingSteps.StartAsync(second.Client, "ada")).ShouldBe(id, "still one instance for the user after the restart");

            await OnboardingSteps.SendAsync(second.Client, id, "Taxes due Friday");
            var done = await OnboardingSteps.WaitForStepAsync(second.Client, id, "setup_complete");
            done["output"]!["remembered"]!.AsArray().Select(m => m!.GetValue<string>())
                .ShouldBe(["I want to sleep better", "Taxes due Friday"], ignoreOrder: true, customMessage: "the memory written before the kill is recalled after it");

            var journal = (await (await second.Client.GetAsync($"api/instances/{id}/journal")).ShouldBeJsonAsync(HttpStatusCode.OK)).AsArray();
            foreach (var node in new[] { "greet", "discoveryReply", "rememberDiscovery" })
                journal.Count(e => e!["nodeId"]!.GetValue<string>() == node && e["status"]!.GetValue<string>() == "completed").ShouldBe(1, $"{node} ran once, before the kill");
            models.RequestsFor(SampleServer.MainModel).Count.ShouldBe(3, "greeting, discovery and setup: nothing asked twice");
            models.RequestsFor(SampleServer.MainModel)[2].Conversation[0].Content.ShouldContain("I want to sleep better");
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* best effort */ }
        }
    }
}
