using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>
/// Authoring in Chromium: a new flow built on the canvas by mouse (drag from the palette, drag from an exit to a node),
/// published with its diff and note, activated and run — and its run painted; one built by keyboard alone; two people
/// editing one draft told of the conflict, with nothing lost; a clone made from the flow page.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FlowEditorTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync();
        (await _app.Api.PutAsJsonAsync("/api/contacts/c-17", new { name = "Ana Silva", attributes = new { firstName = "Ana", customerSegment = "premium" } })).EnsureSuccessStatusCode();
    }

    private readonly List<IPage> _pages = [];

    public async Task DisposeAsync()
    {
        // The shared browser keeps no page of this test open for the tests after it.
        foreach (var page in _pages) await page.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await _app.NewSignedInPageAsync(browser.Browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 950 } });
        _pages.Add(page);
        return page;
    }

    private async Task OpenEditorAsync(IPage page, string key)
    {
        await page.GotoAsync($"{_app.BaseUrl}/flows/{key}/edit");
        await page.Locator("[data-field=editor][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator(".draft-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }

    /// <summary>A MudBlazor text field by its data-field (the attribute lands on the input, or on the field around it).</summary>
    private static ILocator Field(IPage page, string name, string within = "") =>
        page.Locator($"{within} input[data-field={name}], {within} textarea[data-field={name}], {within} [data-field={name}] input, {within} [data-field={name}] textarea").First;

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name) });

    /// <summary>Waits until the draft is saved at a revision after <paramref name="after"/>; returns it.</summary>
    private static async Task<int> SavedAsync(IPage page, int after = 0)
    {
        var state = page.Locator("[data-field=save-state]");
        await page.WaitForFunctionAsync(
            "after => { const s = document.querySelector('[data-field=save-state]'); return s && s.textContent.startsWith('Saved') && Number(s.dataset.revision) > after; }",
            after, new PageWaitForFunctionOptions { Timeout = 30_000 });
        return int.Parse((await state.GetAttributeAsync("data-revision"))!);
    }

    private async Task<JsonObject> DraftAsync(string key) => (await _app.Api.GetFromJsonAsync<JsonObject>($"/api/flows/{key}/draft"))!;

    /// <summary>Drags from one exit's port to the middle of another node, as a person does with the mouse.</summary>
    private static async Task ConnectAsync(IPage page, string from, string port, string to)
    {
        var dot = await page.Locator($"[data-port-id='{from}::{port}']").BoundingBoxAsync();
        var target = await page.Locator($".draft-node[data-node-id='{to}']").BoundingBoxAsync();
        await page.Mouse.MoveAsync(dot!.X + dot.Width / 2, dot.Y + dot.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(dot.X + 40, dot.Y + 60, new MouseMoveOptions { Steps = 4 });
        await page.Mouse.MoveAsync(target!.X + target.Width / 2, target.Y + target.Height / 2, new MouseMoveOptions { Steps = 6 });
        await page.Mouse.UpAsync();
    }

    [Fact]
    public async Task ANewFlow_BuiltByMouse_IsPublishedWithItsDiffAndNote_AndItsRunIsPainted()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "/flows");
        await page.Locator("[data-interactive=yes]").First.WaitForAsync();
        await page.Locator("[data-op=new-flow]").ClickAsync();
        await Field(page, "new-flow-name").FillAsync("Welcome nudge");
        await page.NavigatesAsync(() => page.Locator("[data-field=new-flow-create]").ClickAsync(), url => url.EndsWith("/flows/welcome-nudge/edit"));
        await page.Locator(".draft-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal("draft", await page.Locator("[data-flow-status]").First.GetAttributeAsync("data-flow-status"));
        await page.Locator(".draft-node[data-node-id=start]").WaitForAsync();
        await page.Locator(".draft-node[data-node-id=done]").WaitForAsync();

        // A Send node dragged from the palette onto the canvas, beside the two the new flow starts with.
        var canvas = await page.Locator(".draft-canvas").BoundingBoxAsync();
        await page.Locator(".palette-entry[data-type=send]").DragToAsync(page.Locator(".draft-canvas"),
            new LocatorDragToOptions { TargetPosition = new TargetPosition { X = canvas!.Width * 0.75f, Y = canvas.Height * 0.4f } });
        await page.Locator(".draft-node[data-node-id=send-1]").WaitForAsync();
        Assert.Equal("send-1", await page.Locator("[data-field=node-settings]").GetAttributeAsync("data-node-id")); // the new node is selected

        // Start → Send → Done, by dragging from each exit to its node.
        await ConnectAsync(page, "start", "default", "send-1");
        await ConnectAsync(page, "send-1", "default", "done");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.draft-canvas .diagram-link').length === 2");
        await page.Locator("[data-field=problems][data-count='0']").WaitForAsync();
        await SavedAsync(page);
        var draft = (await DraftAsync("welcome-nudge"))["definition"]!;
        Assert.Equal(["start->send-1", "send-1->done"], draft["edges"]!.AsArray().Select(e => $"{e!["from"]}->{e["to"]}"));

        // A body the engine cannot parse: the problem is under the field and on the node, and Publish is disabled.
        var body = Field(page, "setting-body");
        await body.FillAsync("Hi %{firstName");
        await page.Locator(".draft-node[data-node-id=send-1][data-problems='1']").WaitForAsync();
        Assert.True(await page.Locator("[data-op=publish]").IsDisabledAsync());
        Assert.Contains("'body' does not parse", await page.Locator("[data-setting=body] [data-field=field-problem]").InnerTextAsync());
        await body.FillAsync("Hi %{firstName}, welcome aboard.");
        await page.Locator("[data-field=problems][data-count='0']").WaitForAsync();
        await ShotAsync(page, "editor-built-by-mouse.png");

        // Tested as it stands, for a mock contact: the run is painted on the editing canvas; the flow's versions are untouched.
        await page.Locator("[data-op=test]:not([disabled])").ClickAsync();
        await page.Locator("[data-field=test-start]").ClickAsync();
        await page.Locator("[data-field=test-result][data-status=Completed]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator(".draft-node[data-node-id=send-1][data-status=Completed]").WaitForAsync();
        await page.Locator(".draft-node[data-node-id=done][data-status=Completed]").WaitForAsync();
        await ShotAsync(page, "editor-test-painted.png");
        Assert.Single((await _app.Api.GetFromJsonAsync<JsonArray>("/api/flows/welcome-nudge/versions"))!);

        // Published with the diff against v1 and a note; the Versions tab shows the note.
        await page.Locator("[data-op=publish]:not([disabled])").ClickAsync();
        var diff = page.Locator("[data-field=publish-diff]");
        await diff.WaitForAsync();
        Assert.Equal(1, await diff.Locator("[data-change=node-added]").CountAsync());
        Assert.Equal(2, await diff.Locator("[data-change=edge-added]").CountAsync());
        Assert.Equal(1, await diff.Locator("[data-change=edge-removed]").CountAsync()); // start → done
        await Field(page, "publish-note").FillAsync("Says welcome before it ends");
        await ShotAsync(page, "editor-publish-diff.png");
        await page.NavigatesAsync(() => page.Locator("[data-field=publish-go]").ClickAsync(), url => url.Contains("/flows/welcome-nudge?tab=versions"));
        await page.Locator("[data-field=version-note]:has-text('Says welcome before it ends')").WaitForAsync();

        // Activated from the flow page, started, and painted: the Send node completed with what it sent.
        await page.Locator("[data-op=activate]").ClickAsync();
        await page.Locator(".mud-message-box button:has-text('Activate'), .mud-dialog button:has-text('Activate')").Last.ClickAsync();
        await page.Locator("[data-flow-status=active]").WaitForAsync();
        var runId = await _app.StartRunAsync("welcome-nudge", new { contactId = "c-17" });
        await page.GotoAsync($"{_app.BaseUrl}/runs/{runId}");
        await page.Locator(".flow-node[data-node-id=send-1][data-status=Completed]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator(".flow-node[data-node-id=done][data-status=Completed]").WaitForAsync();
        await ShotAsync(page, "editor-run-painted.png");
    }

    [Fact]
    public async Task AFlow_BuiltByKeyboardAlone_AddsConnectsUndoesAndSaves()
    {
        Assert.Equal(201, (int)(await _app.Api.PostAsJsonAsync("/api/flows/loan-approval/clone", new { key = "keyboard-flow", name = "Keyboard flow" })).StatusCode);
        var page = await NewPageAsync();
        await OpenEditorAsync(page, "keyboard-flow");
        var before = (await DraftAsync("keyboard-flow"))["definition"]!["nodes"]!.AsArray().Count;

        // Tab to the palette's Condition entry, Enter: a condition in the middle of the view, selected.
        await page.Locator(".palette-entry[data-type=trigger]").FocusAsync(); // disabled (the flow has its trigger): focus lands on the next
        await page.Locator(".palette-entry[data-type=condition]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".draft-node[data-node-id=condition-1]").WaitForAsync();
        await page.Locator("[data-field=node-settings][data-node-id=condition-1]").WaitForAsync();

        // Its settings typed; its exits chosen by typing a node's name into the focused select.
        var expression = Field(page, "setting-expression");
        await expression.FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("%{creditLimit} > 5000");
        var yes = page.Locator("select[data-field=exit][data-port=true]");
        await yes.FocusAsync();
        await page.Keyboard.TypeAsync("Done");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.draft-canvas .diagram-link').length > 0 && document.querySelector('[data-port-id=\"condition-1::true\"]').classList.contains('has-links')");
        var revision = await SavedAsync(page);
        var saved = (await DraftAsync("keyboard-flow"))["definition"]!;
        Assert.Equal(before + 1, saved["nodes"]!.AsArray().Count);
        Assert.Contains(saved["edges"]!.AsArray(), e => e!["from"]!.GetValue<string>() == "condition-1" && e["when"]?.GetValue<string>() == "true" && e["to"]!.GetValue<string>() == "done");
        Assert.Equal("%{creditLimit} > 5000", saved["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == "condition-1")!["expression"]!.GetValue<string>());

        // Focus the node on the canvas; Ctrl+Z takes the exit back, Ctrl+Shift+Z makes it again, Delete removes the node.
        await page.Locator(".draft-node[data-node-id=condition-1] .draft-node-body").FocusAsync();
        await page.Keyboard.PressAsync("Control+z");
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-port-id=\"condition-1::true\"]').classList.contains('has-links')");
        await page.Keyboard.PressAsync("Control+Shift+z");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-port-id=\"condition-1::true\"]').classList.contains('has-links')");
        await page.Keyboard.PressAsync("Delete");
        await page.Locator(".draft-node[data-node-id=condition-1]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await SavedAsync(page, revision);
        Assert.Equal(before, (await DraftAsync("keyboard-flow"))["definition"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task TwoPeopleEditingOneDraft_AreToldOfTheConflict_AndNothingIsLostSilently()
    {
        Assert.Equal(201, (int)(await _app.Api.PostAsJsonAsync("/api/flows/loan-approval/clone", new { key = "shared-draft", name = "Shared draft" })).StatusCode);
        var alice = await NewPageAsync();
        var bob = await NewPageAsync();
        await OpenEditorAsync(alice, "shared-draft");
        await OpenEditorAsync(bob, "shared-draft");

        // Alice renames the end node and it is saved; Bob, still on what he opened, renames it too.
        await RenameAsync(alice, "done", "Finished (Alice)");
        await SavedAsync(alice);
        await RenameAsync(bob, "done", "Finished (Bob)");
        await bob.Locator("[data-field=conflict]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("saved this draft", await bob.Locator("[data-field=conflict]").InnerTextAsync());
        Assert.Equal("Finished (Alice)", Label(await DraftAsync("shared-draft"), "done")); // Bob's save did not land over hers
        await ShotAsync(bob, "editor-conflict.png");

        // Bob keeps his: it overwrites, as he chose. Alice's next edit meets his; she reloads his and sees it.
        await bob.Locator("[data-op=overwrite]").ClickAsync();
        await SavedAsync(bob, 1);
        Assert.Equal("Finished (Bob)", Label(await DraftAsync("shared-draft"), "done"));
        await RenameAsync(alice, "done", "Finished (Alice again)");
        await alice.Locator("[data-field=conflict]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await alice.Locator("[data-op=reload]").ClickAsync();
        await alice.Locator(".draft-node[data-node-id=done] .draft-node-label:has-text('Finished (Bob)')").WaitForAsync();
        Assert.Equal(0, await alice.Locator("[data-field=conflict]").CountAsync());
    }

    [Fact]
    public async Task AFlow_IsClonedFromItsPage_IntoADraftEditor()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "/flows/loan-approval");
        await page.Locator("[data-interactive=yes]").First.WaitForAsync();
        await page.Locator("[data-op=clone]").ClickAsync();
        var name = Field(page, "new-flow-name");
        Assert.Equal("50", await name.GetAttributeAsync("maxlength")); // the field takes 50 characters at most (the server checks too)
        await name.FillAsync("Loan approval for students");
        await page.Locator("[data-field=new-flow-dialog] :text('26 / 50')").WaitForAsync(); // the name reached the server
        await Field(page, "new-flow-key").FillAsync("savings-nudge");
        await page.Locator("[data-field=new-flow-create]").ClickAsync();
        await page.Locator("[data-field=new-flow-dialog] :text('already exists')").WaitForAsync();
        await Field(page, "new-flow-key").FillAsync("student-loans");
        await page.NavigatesAsync(() => page.Locator("[data-field=new-flow-create]").ClickAsync(), url => url.EndsWith("/flows/student-loans/edit"));
        await page.Locator(".draft-canvas[data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator(".draft-node[data-node-id=segment]").WaitForAsync();
        var flow = (await _app.Api.GetFromJsonAsync<JsonObject>("/api/flows/student-loans"))!;
        Assert.Equal(("draft", "Loan approval for students"), (flow["status"]!.GetValue<string>(), flow["name"]!.GetValue<string>()));
        await ShotAsync(page, "editor-clone.png");
    }

    [Fact]
    public async Task SeveralNodes_CtrlClicked_AreDeletedTogether_AndOneUndoBringsThemBack()
    {
        Assert.Equal(201, (int)(await _app.Api.PostAsJsonAsync("/api/flows/loan-approval/clone", new { key = "multi-select", name = "Multi select" })).StatusCode);
        var page = await NewPageAsync();
        await OpenEditorAsync(page, "multi-select");
        await page.Locator("[data-op=fit]").ClickAsync(); // both cards in view

        await page.Locator(".draft-node[data-node-id=card-premium] .draft-node-body").ClickAsync();
        await page.Locator(".draft-node[data-node-id=card-standard] .draft-node-body").ClickAsync(new LocatorClickOptions { Modifiers = [KeyboardModifier.Control] });
        // Both are selected (a Ctrl-click adds to the selection, it does not replace it).
        await page.Locator(".draft-node[data-node-id=card-premium] .draft-node-body[aria-pressed=true]").WaitForAsync();
        await page.Locator(".draft-node[data-node-id=card-standard] .draft-node-body[aria-pressed=true]").WaitForAsync();
        Assert.Contains("2 nodes selected", await page.Locator("[data-field=multi-selection]").InnerTextAsync());
        await ShotAsync(page, "editor-multi-select.png");
        await page.Keyboard.PressAsync("Delete");
        await page.Locator(".draft-node[data-node-id=card-premium]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.Locator(".draft-node[data-node-id=card-standard]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        var deleted = await SavedAsync(page);
        var ids = Ids(await DraftAsync("multi-select"));
        Assert.DoesNotContain("card-premium", ids);
        Assert.DoesNotContain("card-standard", ids);
        Assert.Contains("segment", ids); // only the two selected went

        await page.Keyboard.PressAsync("Control+z"); // one step: both come back, with their edges
        await page.Locator(".draft-node[data-node-id=card-premium]").WaitForAsync();
        await page.Locator(".draft-node[data-node-id=card-standard]").WaitForAsync();
        await SavedAsync(page, deleted);
        var restored = await DraftAsync("multi-select");
        Assert.Contains("card-premium", Ids(restored));
        Assert.Contains("card-standard", Ids(restored));
        Assert.Contains(restored["definition"]!["edges"]!.AsArray(), e => e!["from"]!.GetValue<string>() == "segment" && e["to"]!.GetValue<string>() == "card-premium");
    }

    private static List<string> Ids(JsonObject draft) =>
        draft["definition"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();

    private static async Task RenameAsync(IPage page, string nodeId, string label)
    {
        await page.Locator($".draft-node[data-node-id={nodeId}] .draft-node-body").FocusAsync(); // brings it into view
        await page.Keyboard.PressAsync("Enter");
        var field = Field(page, "setting-label", $"[data-field=node-settings][data-node-id={nodeId}]");
        await field.FillAsync(label);
    }

    private static string Label(JsonObject draft, string nodeId) =>
        draft["definition"]!["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == nodeId)!["label"]!.GetValue<string>();
}
