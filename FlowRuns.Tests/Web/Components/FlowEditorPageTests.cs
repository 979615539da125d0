using Bunit;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using FlowRuns.Web.Authoring;
using FlowRuns.Web.Components.Authoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Components;

/// <summary>
/// The editor page over a real engine and store: the draft drawn node by node with each type's exits as ports; a setting
/// typed wrong is told under its field by the engine's own parser, painted on its node and listed, Publish disabled; the
/// fixed draft is saved on the server by itself; exits chosen in the panel are edges on the canvas; a viewer changes nothing.
/// </summary>
public class FlowEditorPageTests : EngineComponentTestContext, IAsyncLifetime
{
    private readonly string _accessPath = Path.Combine(Path.GetTempPath(), $"flowruns-access-{Guid.NewGuid():N}.db");

    protected override IEnumerable<Type> EngineServices =>
        [typeof(FlowQueries), typeof(RunQueries), typeof(FlowCatalog), typeof(FlowCompiler), typeof(ContactStore), typeof(NodeTypeRegistry), typeof(FlowEngine)];

    protected override void AddMoreServices(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<OperatorContext>();
        services.AddDbContextFactory<AccessDbContext>(o => o.UseSqlite($"Data Source={_accessPath}"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<FlowDrafts>();
    }

    protected override async Task SeedAsync()
    {
        await Engine.PublishDemoFlowsAsync();
        await using var db = await Services.GetRequiredService<IDbContextFactory<AccessDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// Finds an element and fires its event on the renderer's own thread: the page re-renders by itself after each edit
    /// (the check's result), and a render between the find and the event would leave the event on a handler gone.
    /// </summary>
    private static void Act(IRenderedComponent<FlowEditorPage> page, Action action) => page.InvokeAsync(action).GetAwaiter().GetResult();

    private IRenderedComponent<FlowEditorPage> Open(string key = "loan-approval")
    {
        var page = Render<FlowEditorPage>(p => p.Add(e => e.Key, key));
        page.WaitForElement(".draft-canvas[data-ready=yes]");
        return page;
    }

    [Fact]
    public async Task TheDraft_IsDrawnWithEachTypesExitsAsPorts()
    {
        var page = Open();
        var flow = (await Engine.Services.GetRequiredService<FlowQueries>().GetAsync("loan-approval"))!;
        page.WaitForAssertion(() => Assert.Equal(flow.Definition["nodes"]!.AsArray().Count, page.FindAll(".draft-node").Count));
        string Ports(string node) => string.Join(",", page.FindAll($".draft-node[data-node-id='{node}'] .draft-port-label").Select(l => l.TextContent));
        Assert.Equal("true,false", Ports("eligible"));
        Assert.Equal("premium,standard,default", Ports("segment"));
        Assert.Equal("event,timeout", Ports("wait-accept"));
        Assert.Equal("default,failed", Ports("eligibility"));
        Assert.Equal("", Ports("done"));
        Assert.Equal("0", page.Find("[data-field=problems]").GetAttribute("data-count"));
    }

    [Fact]
    public async Task ASettingTypedWrong_IsToldUnderItsFieldAndOnItsNode_AndTheFixedDraftSavesItself()
    {
        var page = Open();
        Act(page, () => page.Find(".draft-node[data-node-id=eligible] .draft-node-body").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" }));
        page.WaitForElement("[data-field=node-settings][data-node-id=eligible]");

        Act(page, () => page.Find("[data-setting=expression] input").Input("%{steps.eligibility.output.eligible} =="));
        page.WaitForAssertion(() => Assert.Contains("does not parse", page.Find("[data-setting=expression] [data-field=field-problem]").TextContent));
        Assert.Equal("1", page.Find(".draft-node[data-node-id=eligible]").GetAttribute("data-problems"));
        Assert.Equal("1", page.Find("[data-field=problems]").GetAttribute("data-count"));
        Assert.True(page.Find("[data-op=publish]").HasAttribute("disabled"));

        Act(page, () => page.Find("[data-setting=expression] input").Input("%{steps.eligibility.output.eligible} == false"));
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-field=problems]").GetAttribute("data-count")));
        Assert.Equal("0", page.Find(".draft-node[data-node-id=eligible]").GetAttribute("data-problems"));
        // Saved on the server by itself, as the author left it.
        page.WaitForAssertion(() => Assert.StartsWith("Saved", page.Find("[data-field=save-state]").TextContent));
        var saved = (await Services.GetRequiredService<FlowDrafts>().GetAsync("loan-approval"))!;
        Assert.True(saved.Revision >= 1);
        Assert.Equal("%{steps.eligibility.output.eligible} == false", FlowJson.Parse(saved.Definition).Nodes.Single(n => n.Id == "eligible").GetString("expression"));
    }

    [Fact]
    public void AnExitChosenInThePanel_IsAnEdgeOnTheCanvas_AndUndoTakesItBack()
    {
        var page = Open();
        Act(page, () => page.Find(".draft-node[data-node-id=declined] .draft-node-body").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" }));
        page.WaitForElement("[data-field=node-settings][data-node-id=declined]");
        Assert.Contains("has-links", page.Find("[data-port-id='declined::default']").ClassName);

        Act(page, () => page.Find("select[data-field=exit][data-port=default]").Change("sms-reminder"));
        page.WaitForAssertion(() => Assert.Equal("sms-reminder", page.Find("select[data-field=exit][data-port=default]").GetAttribute("value")));
        Act(page, () => page.Find("[data-op=undo]").Click());
        page.WaitForAssertion(() => Assert.Equal("done", page.Find("select[data-field=exit][data-port=default]").GetAttribute("value")));
        Act(page, () => page.Find("select[data-field=exit][data-port=default]").Change(""));
        page.WaitForAssertion(() => Assert.DoesNotContain("has-links", page.Find("[data-port-id='declined::default']").ClassName));
    }

    [Fact]
    public void ASettingTyped_ThenAnExitChosen_UndoInTheOrderTheyWereMade()
    {
        var page = Open();
        Act(page, () => page.Find(".draft-node[data-node-id=declined] .draft-node-body").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" }));
        page.WaitForElement("[data-field=node-settings][data-node-id=declined]");
        var label = page.Find("[data-field=setting-label] input, input[data-field=setting-label]").GetAttribute("value");

        // Typed, then the exit chosen at once (no pause between them): each is an edit the moment it is made.
        Act(page, () => page.Find("[data-field=setting-label] input, input[data-field=setting-label]").Input("Send the decline email"));
        Act(page, () => page.Find("select[data-field=exit][data-port=default]").Change("sms-reminder"));
        page.WaitForAssertion(() => Assert.Contains("Send the decline email", page.Find(".draft-node[data-node-id=declined] .draft-node-label").TextContent));

        // Undo takes back the last thing done (the exit), then the one before (the label).
        Act(page, () => page.Find("[data-op=undo]").Click());
        page.WaitForAssertion(() => Assert.Equal("done", page.Find("select[data-field=exit][data-port=default]").GetAttribute("value")));
        Assert.Contains("Send the decline email", page.Find(".draft-node[data-node-id=declined] .draft-node-label").TextContent);
        Act(page, () => page.Find("[data-op=undo]").Click());
        page.WaitForAssertion(() => Assert.Contains(label!, page.Find(".draft-node[data-node-id=declined] .draft-node-label").TextContent));
        Assert.Equal("done", page.Find("select[data-field=exit][data-port=default]").GetAttribute("value"));
    }

    [Fact]
    public async Task ATemplate_PreviewsAsAChosenContactWouldGetIt()
    {
        await Engine.Services.GetRequiredService<ContactStore>().UpsertAsync("c-17", "Ana Silva", null, null, new Dictionary<string, object?> { ["firstName"] = "Ana" });
        var page = Open();
        Act(page, () => page.Find(".draft-node[data-node-id=card-premium] .draft-node-body").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" }));
        page.WaitForElement("[data-field=node-settings][data-node-id=card-premium]");
        Act(page, () => page.Find("input[data-field=preview-contact], [data-field=preview-contact] input").Input("c-17"));
        page.WaitForAssertion(() => Assert.Contains("Hi Ana, your loan of  is approved at our premium rate.",
            page.Find("[data-field=template-preview][data-setting=body]").TextContent));
        Assert.Contains("no value for %{event.amount}", page.Find("[data-field=template-preview][data-setting=body]").TextContent);
        Assert.Contains("Your loan is approved", page.Find("[data-field=template-preview][data-setting=title]").TextContent);
    }

    [Fact]
    public async Task ADraftLargerThanTheEditorTakes_IsNotOpened_AndNothingIsSavedOverIt()
    {
        var nodes = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = "start", ["type"] = "trigger", ["label"] = "Start" });
        for (var i = 0; i < DraftEditor.MaxNodes + 1; i++) nodes.Add(new System.Text.Json.Nodes.JsonObject { ["id"] = $"e{i}", ["type"] = "end", ["label"] = $"End {i}" });
        var document = new System.Text.Json.Nodes.JsonObject { ["key"] = "loan-approval", ["name"] = "Huge", ["trigger"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "api" }, ["nodes"] = nodes, ["edges"] = new System.Text.Json.Nodes.JsonArray() };
        var drafts = Services.GetRequiredService<FlowDrafts>();
        Assert.IsType<FlowDrafts.SaveOutcome.Saved>(await drafts.SaveAsync("loan-approval", document, 0, "api"));

        var page = Open();
        page.WaitForAssertion(() => Assert.Contains($"opens drafts of up to {DraftEditor.MaxNodes}", page.Find("[data-field=open-problem]").TextContent));
        Assert.Empty(page.FindAll(".draft-node"));
        Assert.Empty(page.FindAll("[data-op=publish]"));
        Assert.Equal(1, (await drafts.GetAsync("loan-approval"))!.Revision);
    }

    [Fact]
    public void AViewer_SeesTheDraft_WithNothingToChange()
    {
        Authorization.SetRoles(Roles.Viewer);
        Authorization.SetPolicies(Roles.Policies.Read);
        var page = Open();
        page.WaitForElement("[data-field=read-only]");
        Assert.Empty(page.FindAll("[data-field=palette]"));
        Assert.Empty(page.FindAll("[data-op=publish]"));
        Assert.Contains("read-only", page.Find(".draft-canvas").ClassName);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_accessPath);
    }
}
