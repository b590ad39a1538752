using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Weft.Engine.Runtime;

namespace Weft.Studio.Tests.EndToEnd;

/// <summary>
/// Studio in real headless Chromium against the real workflow server, through Studio's real host (which must add the API
/// key: the server runs in Production and refuses requests without it). The tests share one stack and run in order.
/// </summary>
public sealed class StudioEndToEndTests(StudioStack stack) : IClassFixture<StudioStack>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions LongWait = new() { Timeout = 45_000 };

    [ChromiumFact]
    public async Task Designer_IngestionBuiltFromThePalette_PublishesRunsAndEveryNodeCompletes()
    {
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/workflows");
        await page.GetByTestId("new-workflow-id").FillAsync("ingest-docs");
        await page.GetByTestId("create-workflow").ClickAsync();
        await Assertions.Expect(page.GetByTestId("designer-title")).ToHaveTextAsync("ingest-docs");

        var designer = new DesignerDriver(page);
        await designer.DropAsync("document.load", 120, 120);
        await designer.DropAsync("text.chunk", 470, 120);
        await designer.DropAsync("ai.embed", 120, 330);
        await designer.DropAsync("vector.upsert", 470, 330);
        foreach (var id in new[] { "load", "chunk", "embed", "upsert" }) await Assertions.Expect(designer.Node(id)).ToBeVisibleAsync();

        await designer.ConnectAsync("load", "done", "chunk");
        await designer.ConnectAsync("chunk", "done", "embed");
        await designer.ConnectAsync("embed", "done", "upsert");
        await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(3);
        await designer.AutoLayoutInOneRowAsync(4); // a chain: one row, left to right, fitted to the canvas

        await designer.SelectAsync("load");
        await page.GetByTestId("input-url").FillAsync(stack.DocumentUrl.ToString());
        await designer.SelectAsync("chunk");
        await page.GetByTestId("input-text-picker").ClickAsync(); // the picker offers what is upstream
        await page.GetByTestId("pick-nodes.load.output.text").ClickAsync();
        await Assertions.Expect(page.GetByTestId("input-text")).ToHaveValueAsync("{{ nodes.load.output.text }}");
        await page.GetByTestId("input-size").FillAsync("80");
        await page.GetByTestId("input-overlap").FillAsync("0");
        await designer.SelectAsync("embed");
        await page.GetByTestId("input-items").FillAsync("{{ nodes.chunk.output.chunks }}");
        await page.GetByTestId("input-textField").FillAsync("text");
        await designer.SelectAsync("upsert");
        await page.GetByTestId("input-collection").FillAsync("studio-docs");
        await page.GetByTestId("input-chunks").FillAsync("{{ nodes.chunk.output.chunks }}");
        await Assertions.Expect(designer.Node("upsert")).ToHaveAttributeAsync("data-problems", "0");
        await Screenshots.SaveAsync(page, "designer");

        await page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("designer-message")).ToContainTextAsync("Published version");

        await page.GetByTestId("open-run").ClickAsync();
        await page.GetByTestId("run-input").FillAsync("{}");
        await page.GetByTestId("run-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("completed|faulted"), new() { Timeout = 45_000 });
        var instanceId = await page.GetByTestId("run-instance-link").TextContentAsync();
        using var client = stack.Server.CreateClient();
        var journal = await client.GetStringAsync($"/api/instances/{instanceId}/journal");
        (await page.GetByTestId("run-status").TextContentAsync()).ShouldBe("completed", journal);
        foreach (var id in new[] { "load", "chunk", "embed", "upsert" })
            await Assertions.Expect(designer.Node(id)).ToHaveAttributeAsync("data-status", "completed", LongWait);
        await Assertions.Expect(page.GetByTestId("run-node-upsert")).ToContainTextAsync("completed");
        await Screenshots.SaveAsync(page, "run-console");

        // The server agrees: the run completed and stored every chunk.
        var snapshot = await client.GetFromJsonAsync<JsonObject>($"/api/instances/{instanceId}");
        snapshot!["status"]!.GetValue<string>().ShouldBe("completed");
        var chunks = snapshot["nodeOutputs"]!["chunk"]!["count"]!.GetValue<int>();
        chunks.ShouldBeGreaterThan(1);
        snapshot["nodeOutputs"]!["upsert"]!["upserted"]!.GetValue<int>().ShouldBe(chunks);
    }

    [ChromiumFact]
    public async Task Designer_MissingInputAndBadExpression_MarkedOnTheNodeAndPublishRefusedWithTheServersMessage()
    {
        using var client = stack.Server.CreateClient();
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/workflows");
        await page.GetByTestId("new-workflow-id").FillAsync("broken");
        await page.GetByTestId("create-workflow").ClickAsync();
        var designer = new DesignerDriver(page);
        await designer.DropAsync("log", 200, 150);

        // A required input left empty is marked before anything is sent.
        await Assertions.Expect(designer.Node("log")).Not.ToHaveAttributeAsync("data-problems", "0");
        await Assertions.Expect(page.GetByTestId("field-error-message").First).ToBeVisibleAsync();

        // An expression that does not compile is marked from the server's validation.
        await page.GetByTestId("input-message").FillAsync("Hello {{ input.name.toUppercase() }}");
        await Assertions.Expect(page.GetByTestId("field-error-message").First).ToContainTextAsync("toUppercase");
        await Assertions.Expect(page.GetByTestId("problems-log")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "designer-invalid");

        await page.GetByTestId("publish").ClickAsync();
        var message = page.GetByTestId("designer-message");
        await Assertions.Expect(message).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        var refused = await client.PostAsync("/api/definitions/broken/publish", null);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        await Assertions.Expect(message).ToContainTextAsync(problem.GetProperty("detail").GetString()!);
        await Assertions.Expect(message).ToContainTextAsync("toUppercase");
        var definition = await client.GetFromJsonAsync<JsonObject>("/api/definitions/broken");
        definition!["publishedVersion"].ShouldBeNull();
    }

    [ChromiumFact]
    public async Task Viewer_FailedInstance_RetryFromTheViewerCompletesIt()
    {
        using var client = stack.Server.CreateClient();
        var workflow = new JsonObject
        {
            ["id"] = "flaky-load",
            ["nodes"] = new JsonArray(
                new JsonObject { ["id"] = "load", ["type"] = "document.load", ["inputs"] = new JsonObject { ["url"] = stack.FlakyDocumentUrl.ToString() } },
                new JsonObject { ["id"] = "chunk", ["type"] = "text.chunk", ["inputs"] = new JsonObject { ["text"] = "{{ nodes.load.output.text }}" } }),
            ["edges"] = new JsonArray(new JsonObject { ["id"] = "e1", ["source"] = "load", ["target"] = "chunk" }),
        };
        (await client.PostAsJsonAsync("/api/definitions/import?publish=true", workflow)).EnsureSuccessStatusCode();
        var id = "flaky-1";
        (await client.PostAsJsonAsync("/api/instances", new { definitionId = "flaky-load", instanceId = id })).EnsureSuccessStatusCode();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            (await stack.Server.Workflows.WaitAsync(id, cancellationToken: wait.Token)).Status.ToString().ShouldBe("Faulted");

        var page = await stack.NewPageAsync();
        await page.GotoAsync("/instances?status=faulted");
        await page.GetByTestId($"open-instance-{id}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("faulted");
        await Assertions.Expect(new DesignerDriver(page).Node("load")).ToHaveAttributeAsync("data-status", "failed");
        await Screenshots.SaveAsync(page, "instance-failed");

        await page.GetByTestId("retry-instance").ClickAsync();
        await Assertions.Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(new DesignerDriver(page).Node("chunk")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(new DesignerDriver(page).Node("load")).ToHaveAttributeAsync("data-status", "completed");
        var loadAttempts = page.Locator("[data-testid^='journal-load-']"); // the failed attempt, then the retried one
        await Assertions.Expect(loadAttempts).ToHaveCountAsync(2);
        await Assertions.Expect(loadAttempts.First).ToContainTextAsync("failed");
        await Assertions.Expect(loadAttempts.Last).ToContainTextAsync("completed");
        await Screenshots.SaveAsync(page, "instance-viewer");
    }

    [ChromiumFact]
    public async Task Viewer_SuspendedInstance_SignalFromTheViewerResumesIt()
    {
        using var client = stack.Server.CreateClient();
        var workflow = new JsonObject
        {
            ["id"] = "needs-approval",
            ["nodes"] = new JsonArray(
                new JsonObject { ["id"] = "wait", ["type"] = "signal.wait", ["inputs"] = new JsonObject { ["signal"] = "approve" } },
                new JsonObject { ["id"] = "done", ["type"] = "flow.finish", ["inputs"] = new JsonObject { ["output"] = "{{ nodes.wait.output.by }}" } }),
            ["edges"] = new JsonArray(new JsonObject { ["id"] = "e1", ["source"] = "wait", ["target"] = "done" }),
        };
        (await client.PostAsJsonAsync("/api/definitions/import?publish=true", workflow)).EnsureSuccessStatusCode();
        var id = "approval-1";
        (await client.PostAsJsonAsync("/api/instances", new { definitionId = "needs-approval", instanceId = id })).EnsureSuccessStatusCode();

        var page = await stack.NewPageAsync();
        await page.GotoAsync($"/instances/{id}");
        await Assertions.Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("suspended", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("signal-name")).ToHaveValueAsync("approve"); // offered from what the node waits for
        await page.GetByTestId("signal-payload").FillAsync("""{ "by": "grace" }""");
        await page.GetByTestId("send-signal").ClickAsync();

        await Assertions.Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(new DesignerDriver(page).Node("done")).ToHaveAttributeAsync("data-status", "completed");
        var snapshot = await client.GetFromJsonAsync<JsonObject>($"/api/instances/{id}");
        snapshot!["output"]!.GetValue<string>().ShouldBe("grace");
    }

    [ChromiumFact]
    public async Task Connection_ServerStopsAndComesBack_BannerShowsThenClearsAndUnsavedEditsSurvive()
    {
        using (var client = stack.Server.CreateClient())
            (await client.PostAsJsonAsync("/api/definitions", new { id = "offline-edits", nodes = Array.Empty<object>(), edges = Array.Empty<object>() })).EnsureSuccessStatusCode();
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/designer/offline-edits");
        var designer = new DesignerDriver(page);
        await designer.DropAsync("log", 200, 150);
        await page.GetByTestId("input-message").FillAsync("kept while offline");
        await Assertions.Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();

        await stack.Server.StopAsync();
        try
        {
            await page.GetByTestId("save").ClickAsync();
            await Assertions.Expect(page.GetByTestId("connection-banner")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "connection-lost");
            await page.ReloadAsync(); // the edits live in the browser, not in the page: they open even with the server away
            await Assertions.Expect(designer.Node("log")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("connection-banner")).ToBeVisibleAsync();
        }
        finally
        {
            await stack.Server.StartAsync();
        }

        // No reload: Studio notices the server is back by itself and clears the banner.
        await Assertions.Expect(page.GetByTestId("connection-banner")).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(designer.Node("log")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
        await designer.SelectAsync("log");
        await Assertions.Expect(page.GetByTestId("input-message")).ToHaveValueAsync("kept while offline");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("designer-message")).ToContainTextAsync("Saved as version 2");
        await Assertions.Expect(page.GetByTestId("unsaved")).ToBeHiddenAsync();
    }

    [ChromiumFact]
    public async Task Designer_DurabilityChosenInTheSettings_IsSavedInTheDefinition()
    {
        using var client = stack.Server.CreateClient();
        (await client.PostAsJsonAsync("/api/definitions", new { id = "quick-quote", nodes = Array.Empty<object>(), edges = Array.Empty<object>() })).EnsureSuccessStatusCode();
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/designer/quick-quote");

        await Assertions.Expect(page.GetByTestId("workflow-durability")).ToHaveValueAsync("durable");
        await page.GetByTestId("workflow-durability").SelectOptionAsync("ephemeral");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("designer-message")).ToContainTextAsync("Saved as version 2");

        var definition = await client.GetFromJsonAsync<JsonObject>("/api/definitions/quick-quote");
        definition!["definition"]!["options"]!["durability"]!.GetValue<string>().ShouldBe("ephemeral");
    }

    [ChromiumFact]
    public async Task Pages_WorkflowsInstancesAndQueues_ShowWhatTheServerHolds()
    {
        using (var client = stack.Server.CreateClient())
            (await client.PostAsJsonAsync("/api/definitions", new { id = "listed", name = "Listed workflow", nodes = Array.Empty<object>(), edges = Array.Empty<object>() })).EnsureSuccessStatusCode();
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/workflows");
        await Assertions.Expect(page.GetByTestId("workflow-row-listed")).ToContainTextAsync("Listed workflow");
        await page.GetByTestId("workflow-search").FillAsync("no-such-thing");
        await Assertions.Expect(page.GetByTestId("workflow-row-listed")).ToBeHiddenAsync();
        await page.GetByTestId("workflow-search").FillAsync("");
        await Screenshots.SaveAsync(page, "workflows");

        await page.GetByTestId("duplicate-listed").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workflow-row-listed-copy")).ToBeVisibleAsync();

        // Import a file, export it back through Studio, delete it (confirming the dialog).
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "imported.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes("""[{ "id": "imported-one", "name": "From a file", "nodes": [], "edges": [] }]"""),
        });
        await Assertions.Expect(page.GetByTestId("workflows-message")).ToContainTextAsync("imported-one v1");
        await Assertions.Expect(page.GetByTestId("workflow-row-imported-one")).ToContainTextAsync("From a file");
        var exportUrl = await page.GetByTestId("export-imported-one").GetAttributeAsync("href");
        var exported = await page.APIRequest.GetAsync(exportUrl!);
        exported.Status.ShouldBe(200);
        JsonDocument.Parse(await exported.TextAsync()).RootElement.GetProperty("id").GetString().ShouldBe("imported-one");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByTestId("delete-imported-one").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workflow-row-imported-one")).ToHaveCountAsync(0);

        await page.GetByTestId("nav-instances").ClickAsync();
        await Assertions.Expect(page.GetByTestId("instances-page")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("page-info")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "instances");

        // Work on a queue no worker serves is flagged.
        using (var client = stack.Server.CreateClient())
        {
            var orphan = new JsonObject
            {
                ["id"] = "orphaned", ["options"] = new JsonObject { ["queue"] = "nobody-serves-this" },
                ["nodes"] = new JsonArray(new JsonObject { ["id"] = "log", ["type"] = "log", ["inputs"] = new JsonObject { ["message"] = "never" } }),
                ["edges"] = new JsonArray(),
            };
            (await client.PostAsJsonAsync("/api/definitions/import?publish=true", orphan)).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/api/instances", new { definitionId = "orphaned" })).EnsureSuccessStatusCode();
        }
        await page.GetByTestId("nav-queues").ClickAsync();
        await Assertions.Expect(page.GetByTestId("worker-row-studio-e2e-worker")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("queue-stalled-nobody-serves-this")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("queue-row-default")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("stalled"));
        await Screenshots.SaveAsync(page, "queues");
    }

    [ChromiumFact]
    public async Task Designer_ShortcutsAndVersions_CopyPasteUndoRedoDeleteCompareRestore()
    {
        using (var client = stack.Server.CreateClient())
        {
            var body = new JsonObject
            {
                ["id"] = "editing",
                ["nodes"] = new JsonArray(new JsonObject { ["id"] = "log", ["type"] = "log", ["inputs"] = new JsonObject { ["message"] = "first" }, ["position"] = new JsonObject { ["x"] = 100, ["y"] = 100 } }),
                ["edges"] = new JsonArray(),
            };
            (await client.PostAsJsonAsync("/api/definitions", body)).EnsureSuccessStatusCode();
        }
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/designer/editing");
        var designer = new DesignerDriver(page);
        await designer.SelectAsync("log");

        await page.Keyboard.PressAsync("Control+c");
        await page.Keyboard.PressAsync("Control+v");
        await Assertions.Expect(designer.Node("log2")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(designer.Node("log2")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+Shift+z");
        await Assertions.Expect(designer.Node("log2")).ToBeVisibleAsync();
        await designer.SelectAsync("log2");
        await page.Keyboard.PressAsync("Delete");
        await Assertions.Expect(designer.Node("log2")).ToHaveCountAsync(0);

        // Typing is one undo step per field, however many keys.
        await designer.SelectAsync("log");
        await page.GetByTestId("input-message").FillAsync("");
        await page.GetByTestId("input-message").PressSequentiallyAsync("typo");
        await page.GetByTestId("undo").ClickAsync();
        await Assertions.Expect(page.GetByTestId("input-message")).ToHaveValueAsync("first");
        await page.GetByTestId("input-message").FillAsync("second");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("designer-message")).ToContainTextAsync("Saved as version 2");

        await page.GetByTestId("versions").ClickAsync();
        await page.GetByTestId("compare-1").ClickAsync();
        await Assertions.Expect(page.GetByTestId("version-diff")).ToContainTextAsync("~ node log");
        await Screenshots.SaveAsync(page, "designer-versions");
        await page.GetByTestId("restore-1").ClickAsync();
        await Assertions.Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();
        await designer.SelectAsync("log");
        await Assertions.Expect(page.GetByTestId("input-message")).ToHaveValueAsync("first");
    }

    [ChromiumFact]
    public async Task RunConsole_ChatNode_TokensStreamOntoTheNodeBeforeItCompletes()
    {
        using (var client = stack.Server.CreateClient())
        {
            var body = new JsonObject
            {
                ["id"] = "chatty",
                ["nodes"] = new JsonArray(new JsonObject { ["id"] = "chat", ["type"] = "ai.chat", ["inputs"] = new JsonObject { ["user"] = "Say hello" }, ["position"] = new JsonObject { ["x"] = 100, ["y"] = 100 } }),
                ["edges"] = new JsonArray(),
            };
            (await client.PostAsJsonAsync("/api/definitions", body)).EnsureSuccessStatusCode();
        }
        var page = await stack.NewPageAsync();
        await page.GotoAsync("/designer/chatty");
        await page.GetByTestId("open-run").ClickAsync();
        await page.GetByTestId("run-start").ClickAsync();
        try
        {
            // The first token is on the node and in the console while the model still holds the rest.
            await Assertions.Expect(page.GetByTestId("tokens-chat")).ToHaveTextAsync(FakeChatModel.FirstToken, new() { Timeout = 30_000 });
            await Assertions.Expect(new DesignerDriver(page).Node("chat")).ToHaveAttributeAsync("data-status", "running");
            await Assertions.Expect(page.GetByTestId("run-tokens-chat")).ToHaveTextAsync(FakeChatModel.FirstToken);
        }
        finally
        {
            stack.FakeChat.Release();
        }
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("run-tokens-chat")).ToHaveTextAsync(FakeChatModel.FirstToken + FakeChatModel.SecondToken);
        await Assertions.Expect(page.GetByTestId("run-node-chat")).ToContainTextAsync(FakeChatModel.FirstToken + FakeChatModel.SecondToken);
    }
}
