using System.Net;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

/// <summary>
/// The run page's first answer is a light shell: whether the run exists (404 when not), not its steps — those are read and
/// drawn once, by the interactive render (first paint, issue 12). A comparison naming an unknown run is a 404 too.
/// </summary>
public class RunPagePrerenderTests : ApiScope
{
    [Fact]
    public async Task AKnownRun_AnswersAShellWithoutItsSteps_AnUnknownOne404()
    {
        await PutAsync("/api/contacts/c-1", new { name = "X", attributes = new { balance = 1 } });
        var run = await StartRunAsync("savings-nudge", new { contactId = "c-1" });
        var id = run["id"]!.GetValue<string>();

        using var known = await Client.GetAsync($"/runs/{id}");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var html = await known.Content.ReadAsStringAsync();
        Assert.Contains("mud-progress-linear", html);
        Assert.DoesNotContain("run-layout", html);
        Assert.DoesNotContain("data-step=", html);

        using var unknown = await Client.GetAsync($"/runs/{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No run has the id", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AComparisonOfAnUnknownRun_Answers404_AndSaysWhichId()
    {
        await PutAsync("/api/contacts/c-1", new { name = "X", attributes = new { balance = 1 } });
        var id = (await StartRunAsync("savings-nudge", new { contactId = "c-1" }))["id"]!.GetValue<string>();
        var unknownId = Guid.NewGuid().ToString("N");

        using var unknown = await Client.GetAsync($"/runs/{id}/compare/{unknownId}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var said = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("One of the runs compared does not exist", said);
        Assert.Contains(unknownId, said);
        using var notAnId = await Client.GetAsync("/runs/not-a-run/compare/" + id);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);

        using var both = await Client.GetAsync($"/runs/{id}/compare/{id}");
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
    }
}
