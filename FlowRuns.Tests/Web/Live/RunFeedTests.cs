using System.Net.Http.Json;
using System.Security.Claims;
using System.Threading.Channels;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using FlowRuns.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowRuns.Tests.Web.Live;

/// <summary>
/// A page's hub client never gives up: when its node's hub cannot be reached as the page opens (a node too busy to
/// answer), the watch is kept and made once the hub answers; when the connection drops, it comes back by itself. Each
/// time, the page is told it is not live, then live again, and re-reads what it shows.
/// </summary>
public class RunFeedTests
{
    [Fact]
    public async Task AFeedThatCannotReachItsHub_KeepsTheWatch_GoesLiveOnceItCan_AndComesBackAfterTheLinkIsCut()
    {
        await using var app = await LiveApp.StartAsync();
        var runId = await app.StartWaitingLoanAsync();
        await using var gate = new TcpGate(new Uri(app.BaseUrl).Port); // closed: the hub's address refuses connections
        var user = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.NameIdentifier, "u-ana"), new(ClaimTypes.Name, "ana@flowruns.test"), new(ClaimTypes.Role, Roles.Viewer)], "test"));
        await using var feed = new RunFeed(new PageAt(app.BaseUrl), new NodeHubAddress(NodeHubAddressTests.Server($"http://127.0.0.1:{gate.Port}")),
            new SignedIn(user), app.Factory.Services.GetRequiredService<CircuitHubTokens>(), new InProcessBackplane(), NullLogger<RunFeed>.Instance);
        var liveStates = Channel.CreateUnbounded<bool>();
        feed.LiveChanged += live => { liveStates.Writer.TryWrite(live); return Task.CompletedTask; };
        var changes = Channel.CreateUnbounded<RunChange>();
        var rereads = 0;

        await using var watch = await feed.WatchRunAsync(runId, change => { changes.Writer.TryWrite(change); return Task.CompletedTask; },
            () => { Interlocked.Increment(ref rereads); return Task.CompletedTask; });
        Assert.False(feed.IsLive);

        gate.Open();
        Assert.True(await NextAsync(liveStates), "The feed went live once its hub could be reached.");
        Assert.True(feed.IsLive);
        Assert.Equal(1, rereads); // the page re-reads what it may have missed while not live

        (await app.Api.PostAsJsonAsync($"/api/runs/{runId}/cancel", new { })).EnsureSuccessStatusCode();
        var change = await NextAsync(changes);
        Assert.Equal(runId, change.RunId);

        gate.Close(); // the connection is cut and the hub is unreachable for a while
        Assert.False(await NextAsync(liveStates));
        Assert.False(feed.IsLive);
        gate.Open();
        Assert.True(await NextAsync(liveStates), "The feed came back by itself after the link was cut.");
        Assert.Equal(2, rereads);
    }

    private static async Task<T> NextAsync<T>(Channel<T> channel) =>
        await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    private sealed class PageAt : NavigationManager
    {
        public PageAt(string baseUrl) => Initialize(baseUrl.TrimEnd('/') + "/", baseUrl.TrimEnd('/') + "/");
    }

    private sealed class SignedIn(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
