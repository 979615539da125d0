using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

/// <summary>
/// A flow's draft over HTTP: read (the current version until something is saved), saved against its revision (a stale
/// one is a 409 that says who saved what, and loses nothing), its problems listed at every read, refused at publish
/// (400, by node), published as the next version (201) — and gone after.
/// </summary>
public class DraftsApiTests : ApiScope
{
    [Fact]
    public async Task ADraft_IsSavedByRevision_ConflictsWhenStale_AndPublishesAsTheNextVersion()
    {
        var fresh = await GetJsonAsync("/api/flows/loan-approval/draft");
        Assert.Equal(0, fresh["revision"]!.GetValue<int>());
        var current = await GetJsonAsync("/api/flows/loan-approval");
        var version = current["currentVersion"]!.GetValue<int>();
        Assert.Equal(version, fresh["basedOnVersion"]!.GetValue<int>());
        Assert.Empty(fresh["problems"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(current["definition"], fresh["definition"]), "a fresh draft is the current version");

        // Two editors read revision 0; the first save wins, the second is told who saved, and nothing of the first is lost.
        var definition = fresh["definition"]!.AsObject();
        var renamed = definition.DeepClone().AsObject();
        var firstNode = renamed["nodes"]!.AsArray().First(n => n!["type"]!.GetValue<string>() != "trigger")!;
        firstNode["label"] = "Checked by the draft";
        var (saved, first) = await PutAsync("/api/flows/loan-approval/draft", new { revision = 0, definition = renamed });
        Assert.Equal(200, saved);
        Assert.Equal(1, first!["revision"]!.GetValue<int>());
        Assert.StartsWith("key ", first["savedBy"]!.GetValue<string>()); // the API key that saved it
        Assert.NotNull(first["savedAt"]);
        var (stale, conflict) = await PutAsync("/api/flows/loan-approval/draft", new { revision = 0, definition });
        Assert.Equal(409, stale);
        Assert.Equal(1, conflict!["revision"]!.GetValue<int>());
        Assert.Equal("Checked by the draft", (await GetJsonAsync("/api/flows/loan-approval/draft"))["definition"]!["nodes"]!.AsArray()
            .First(n => n!["type"]!.GetValue<string>() != "trigger")!["label"]!.GetValue<string>());

        // A draft may be wrong while it is worked on: saved, its problems listed by node, and refused at publish.
        var broken = renamed.DeepClone().AsObject();
        broken["edges"]!.AsArray().Add(new JsonObject { ["from"] = firstNode["id"]!.GetValue<string>(), ["to"] = "nowhere" });
        var (savedBroken, second) = await PutAsync("/api/flows/loan-approval/draft", new { revision = 1, definition = broken });
        Assert.Equal(200, savedBroken);
        Assert.Equal(2, second!["revision"]!.GetValue<int>());
        Assert.Contains(second["problems"]!.AsArray(), p => p!["message"]!.GetValue<string>().Contains("nowhere"));
        var (refused, problems) = await PostAsync("/api/flows/loan-approval/draft/publish", new { revision = 2, name = "v-next" });
        Assert.Equal(400, refused);
        Assert.Contains("nowhere", problems!.ToJsonString());
        Assert.Equal(version, (await GetJsonAsync("/api/flows/loan-approval"))["currentVersion"]!.GetValue<int>());

        // Fixed, published with a name and a note: the next version, exactly that document; the draft is gone.
        Assert.Equal(200, (await PutAsync("/api/flows/loan-approval/draft", new { revision = 2, definition = renamed })).Status);
        Assert.Equal(409, (await PostAsync("/api/flows/loan-approval/draft/publish", new { revision = 2 })).Status);
        var (published, answer) = await PostAsync("/api/flows/loan-approval/draft/publish", new { revision = 3, name = "Clearer labels", note = "Renamed the first step" });
        Assert.Equal(201, published);
        Assert.Equal(version + 1, answer!["version"]!.GetValue<int>());
        var next = await GetJsonAsync("/api/flows/loan-approval");
        Assert.Equal(version + 1, next["currentVersion"]!.GetValue<int>());
        Assert.Equal("Clearer labels", next["versionName"]!.GetValue<string>());
        Assert.Contains(next["definition"]!["nodes"]!.AsArray(), n => n!["label"]!.GetValue<string>() == "Checked by the draft");
        var after = await GetJsonAsync("/api/flows/loan-approval/draft");
        Assert.Equal((0, version + 1), (after["revision"]!.GetValue<int>(), after["basedOnVersion"]!.GetValue<int>()));
        Assert.Equal(404, (await PostAsync("/api/flows/loan-approval/draft/publish", new { revision = 3 })).Status);
    }

    [Fact]
    public async Task BadDrafts_AreRefusedWithTheField()
    {
        var definition = (await GetJsonAsync("/api/flows/loan-approval/draft"))["definition"]!.AsObject();
        var otherKey = definition.DeepClone().AsObject();
        otherKey["key"] = "savings-nudge";
        Assert.Contains("key", (await PutAsync("/api/flows/loan-approval/draft", new { revision = 0, definition = otherKey })).Body!["errors"]!.ToJsonString());
        Assert.Contains("revision", (await PutAsync("/api/flows/loan-approval/draft", new { definition })).Body!["errors"]!.ToJsonString());
        Assert.Contains("definition", (await PutAsync("/api/flows/loan-approval/draft", new { revision = 0 })).Body!["errors"]!.ToJsonString());
        Assert.Equal(404, (await GetAsync("/api/flows/no-such-flow/draft")));
        Assert.Equal(200, (await PutAsync("/api/flows/loan-approval/draft", new { revision = 0, definition })).Status);
        Assert.Contains("name", (await PostAsync("/api/flows/loan-approval/draft/publish", new { revision = 1, name = new string('n', 101) })).Body!["errors"]!.ToJsonString());
    }

    private async Task<int> GetAsync(string url) => (int)(await Client.GetAsync(url)).StatusCode;
}
