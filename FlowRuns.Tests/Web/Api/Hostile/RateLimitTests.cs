using System.Net.Http.Json;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>Event posts and run starts past the caller's (the key's) rate get 429 with Retry-After, and nothing of them is stored.</summary>
public class RateLimitTests : IAsyncLifetime
{
    private FlowRunsAppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = new FlowRunsAppFactory(seedDemo: true, settings: new() { ["FlowRuns:RateLimits:EventsPerSecond"] = "1", ["FlowRuns:RateLimits:RunStartsPerSecond"] = "1" });
        _client = _app.CreateClient();
        (await _client.PutAsJsonAsync("/api/contacts/c-17", new { name = "Ana", attributes = new { firstName = "Ana" } })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/events", "{\"contactId\":\"c-17\",\"name\":\"card.viewed\"}")]
    [InlineData("/api/flows/savings-nudge/runs", "{\"contactId\":\"c-17\",\"test\":true}")]
    public async Task PastTheRate_Is429WithRetryAfter_AndNotStored(string url, string body)
    {
        var before = await StoreSnapshot.TakeAsync(_app.Services);
        // A burst of twice the rate (2) is taken; of ten sent at once, the rest are refused (accepting all ten would take 8 s of refills).
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"))));
        var refused = answers.Where(a => (int)a.StatusCode == 429).ToList();
        var accepted = answers.Count(a => (int)a.StatusCode == 202);
        Assert.NotEmpty(refused);
        Assert.True(accepted is >= 2 and < 10, $"{accepted} accepted");
        Assert.All(refused, r => Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single()) >= 1));
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType?.MediaType);
        var after = await StoreSnapshot.TakeAsync(_app.Services);
        if (url == "/api/events") Assert.Equal(before.AcceptedEvents + accepted, after.AcceptedEvents);
        else Assert.Equal(before.Runs + accepted, after.Runs);
    }

    [Fact]
    public async Task EachKey_HasItsOwnBucket()
    {
        var (_, other) = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<FlowRuns.Web.Access.ApiKeys>(_app.Services)
            .CreateAsync("other integration", FlowRuns.Web.Access.Roles.Ingest, "test");
        using var otherClient = _app.CreateAnonymousClient();
        TestAccess.UseKey(otherClient, other);
        const string body = "{\"contactId\":\"c-17\",\"name\":\"card.viewed\"}";
        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _client.PostAsync("/api/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))));
        Assert.Contains(first, a => (int)a.StatusCode == 429); // the owner key's bucket is empty…
        var second = await otherClient.PostAsync("/api/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(202, (int)second.StatusCode); // …the other key's is not
    }
}
