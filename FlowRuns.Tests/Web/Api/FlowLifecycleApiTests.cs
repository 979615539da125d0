using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Api;

/// <summary>
/// A flow's lifecycle over HTTP: a clone lands as a Draft under its new key and name (≤ 50 characters), its trigger starts
/// nothing until it is activated; a taken key, a long name, an unknown source are refused with the field; a flow file
/// downloads for any version or the draft; a version published from the draft keeps its change note.
/// </summary>
public class FlowLifecycleApiTests : ApiScope
{
    [Fact]
    public async Task AClone_IsADraftItsTriggerNeverStarts_UntilItIsActivated()
    {
        await PutAsync("/api/contacts/c-17", new { name = "Ana", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } });
        var (status, cloned) = await PostAsync("/api/flows/loan-approval/clone", new { key = "loan-approval-b", name = "Loan approval, variant B" });
        Assert.Equal(201, status);
        Assert.Equal(("loan-approval-b", 1), (cloned!["key"]!.GetValue<string>(), cloned["version"]!.GetValue<int>()));
        var clone = await GetJsonAsync("/api/flows/loan-approval-b");
        Assert.Equal("draft", clone["status"]!.GetValue<string>());
        Assert.Equal("Loan approval, variant B", clone["name"]!.GetValue<string>());
        var original = await GetJsonAsync("/api/flows/loan-approval");
        Assert.Equal(original["definition"]!["nodes"]!.AsArray().Count, clone["definition"]!["nodes"]!.AsArray().Count);

        // The event both flows listen to starts the original only; starting the Draft is refused, testing it is not.
        var (_, first) = await PostAsync("/api/events", new { contactId = "c-17", name = "loan.submitted", properties = new { amount = 2500 } });
        var started = Assert.Single(first!["started"]!.AsArray())!.GetValue<string>();
        Assert.Equal("loan-approval", (await GetJsonAsync($"/api/runs/{started}"))["flow"]!.GetValue<string>());
        var (refused, why) = await PostAsync("/api/flows/loan-approval-b/runs", new { contactId = "c-17" });
        Assert.True(refused is 409 or 400, $"starting a Draft answered {refused}");
        Assert.Contains("draft", why!.ToJsonString());

        var (activated, answer) = await PostAsync("/api/flows/loan-approval-b/activate", null);
        Assert.Equal(200, activated);
        Assert.Equal("active", answer!["status"]!.GetValue<string>());
        var (_, second) = await PostAsync("/api/events", new { contactId = "c-17", name = "loan.submitted", properties = new { amount = 2600 } });
        var flows = new List<string>();
        foreach (var id in second!["started"]!.AsArray()) flows.Add((await GetJsonAsync($"/api/runs/{id!.GetValue<string>()}"))["flow"]!.GetValue<string>());
        Assert.Equal(["loan-approval", "loan-approval-b"], flows.Order());
    }

    [Fact]
    public async Task ADraftTrial_RunsAsATestRunOnItsOwnGraph_AndLeavesTheVersionsAlone()
    {
        var before = await GetJsonAsync("/api/flows/loan-approval");
        var current = before["currentVersion"]!.GetValue<int>();
        var document = before["definition"]!.AsObject().DeepClone().AsObject();
        document["nodes"]!.AsArray().First(n => n!["id"]!.GetValue<string>() == "done")!["label"] = "Done (trial)";
        var catalog = App.Services.GetRequiredService<FlowCatalog>();
        var trial = await catalog.KeepTrialAsync(FlowJson.Parse(document));
        // The same draft tested again runs on the same trial; a changed draft gets a trial of its own.
        Assert.Equal((0, 0), (trial, await catalog.KeepTrialAsync(FlowJson.Parse(document))));
        var changed = document.DeepClone().AsObject();
        changed["nodes"]!.AsArray().First(n => n!["id"]!.GetValue<string>() == "done")!["label"] = "Done (second trial)";
        Assert.Equal(-1, await catalog.KeepTrialAsync(FlowJson.Parse(changed)));

        var contact = new ContactSnapshot("test-contact", "Test", null, null, new Dictionary<string, object?> { ["customerSegment"] = "premium", ["firstName"] = "Test" });
        var run = await App.Services.GetRequiredService<FlowEngine>().StartAsync(new StartRunRequest("loan-approval", RunTrigger.Test) { Version = trial, IsTest = true, MockContact = contact });
        await run.Committed;
        var stored = await SettledRunAsync(run.Id.ToString("N"));
        Assert.Equal(trial, stored["version"]!.GetValue<int>());
        Assert.True(stored["test"]!.GetValue<bool>());

        var after = await GetJsonAsync("/api/flows/loan-approval");
        Assert.Equal(current, after["currentVersion"]!.GetValue<int>());
        Assert.DoesNotContain(after["definition"]!["nodes"]!.AsArray(), n => n!["label"]!.GetValue<string>() == "Done (trial)");
        Assert.All((await GetJsonAsync("/api/flows/loan-approval/versions")).AsArray(), v => Assert.True(v!["version"]!.GetValue<int>() > 0));
        // The run's page reads the graph it ran on: the trial's.
        var graph = await App.Services.GetRequiredService<FlowRuns.Engine.Persistence.Queries.FlowQueries>().GetAsync("loan-approval", trial);
        Assert.Equal("Done (trial)", graph!.Definition["nodes"]!.AsArray().First(n => n!["id"]!.GetValue<string>() == "done")!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadClones_AreRefusedWithTheField_AndMakeNothing()
    {
        var (longName, body) = await PostAsync("/api/flows/loan-approval/clone", new { key = "loan-c", name = new string('n', 51) });
        Assert.Equal(400, longName);
        Assert.Contains("name", body!["errors"]!.ToJsonString());
        var (taken, takenBody) = await PostAsync("/api/flows/loan-approval/clone", new { key = "savings-nudge", name = "Taken" });
        Assert.Equal(409, taken);
        Assert.Contains("savings-nudge", takenBody!["detail"]!.GetValue<string>());
        var (badKey, badKeyBody) = await PostAsync("/api/flows/loan-approval/clone", new { key = "Not A Key", name = "Bad key" });
        Assert.Equal(400, badKey);
        Assert.Contains("key", badKeyBody!["errors"]!.ToJsonString());
        Assert.Equal(404, (await PostAsync("/api/flows/no-such-flow/clone", new { key = "loan-d", name = "No source" })).Status);
        Assert.Equal(400, (await PostAsync("/api/flows/loan-approval/clone", new { name = "No key" })).Status);
        var list = await GetJsonAsync("/api/flows");
        Assert.DoesNotContain("loan-c", list.ToJsonString());
        Assert.DoesNotContain("loan-d", list.ToJsonString());
        Assert.Equal(404, (await PostAsync("/api/flows/no-such-flow/activate", null)).Status);
    }

    [Fact]
    public async Task AFlowFile_DownloadsForAVersionOrTheDraft_AndANoteStaysWithItsVersion()
    {
        var version = (await GetJsonAsync("/api/flows/loan-approval"))["currentVersion"]!.GetValue<int>();
        var file = await Client.GetAsync($"/api/flows/loan-approval/export?version={version}");
        Assert.Equal(200, (int)file.StatusCode);
        Assert.Equal($"loan-approval-v{version}.json", file.Content.Headers.ContentDisposition!.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName);
        var exported = JsonNode.Parse(await file.Content.ReadAsStringAsync())!;
        Assert.Equal("loan-approval", exported["key"]!.GetValue<string>());

        var draft = (await GetJsonAsync("/api/flows/loan-approval/draft"))["definition"]!.AsObject();
        draft["nodes"]!.AsArray().First(n => n!["type"]!.GetValue<string>() == "end")!["label"] = "All done";
        Assert.Equal(200, (await PutAsync("/api/flows/loan-approval/draft", new { revision = 0, definition = draft })).Status);
        var draftFile = JsonNode.Parse(await Client.GetStringAsync("/api/flows/loan-approval/export?version=draft"))!;
        Assert.Contains(draftFile["nodes"]!.AsArray(), n => n!["label"]!.GetValue<string>() == "All done");
        Assert.Equal(400, (int)(await Client.GetAsync("/api/flows/loan-approval/export?version=latest")).StatusCode);
        Assert.Equal(404, (int)(await Client.GetAsync("/api/flows/loan-approval/export?version=999")).StatusCode);

        Assert.Equal(201, (await PostAsync("/api/flows/loan-approval/draft/publish", new { revision = 1, name = "Friendlier end", note = "The end says All done" })).Status);
        var versions = await GetJsonAsync("/api/flows/loan-approval/versions");
        var newest = versions.AsArray().First(v => v!["version"]!.GetValue<int>() == version + 1)!;
        Assert.Equal("The end says All done", newest["note"]!.GetValue<string>());
    }
}
