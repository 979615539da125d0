using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>A page for a run, flow or contact that does not exist answers 404 — with the friendly page, not a bare error.</summary>
public class UnknownPageTests : ApiScope
{
    [Theory]
    [InlineData("/runs/0000000000000000000000000000abcd", "No run has the id")]
    [InlineData("/runs/not-a-run-id", "No run has the id")]
    [InlineData("/flows/no-such-flow", "No flow has the key")]
    [InlineData("/flows/loan-approval?tab=graph&version=999", "with a version 999")]
    [InlineData("/contacts/nobody-here", "No contact has the id")]
    [InlineData("/no/such/address", "There is nothing at this address")]
    public async Task AnUnknownThing_Is404_WithTheFriendlyPage(string url, string message)
    {
        var response = await Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("/flows/loan-approval")]
    [InlineData("/flows")]
    public async Task AKnownPage_Is200(string url) => Assert.Equal(200, (int)(await Client.GetAsync(url)).StatusCode);
}
