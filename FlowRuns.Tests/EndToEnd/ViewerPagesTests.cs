using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>The owner invites a viewer from the Users page; the viewer reads runs with contacts' email and phone masked and is offered no operate button.</summary>
[Collection(BrowserCollection.Name)]
public class ViewerPagesTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;

    public async Task InitializeAsync() => _app = await LiveApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnInvitedViewer_SeesMaskedContactDetails_AndNoOperateButtons()
    {
        await _app.Api.PutAsync("/api/contacts/c-88", System.Net.Http.Json.JsonContent.Create(new
        {
            name = "Vik Berg", email = "vik.berg@example.com", phone = "+4915100000088",
            attributes = new { firstName = "Vik", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 },
        }));
        var runId = await _app.StartRunAsync("loan-approval", new { contactId = "c-88", data = new { amount = 100 } });

        var viewport = new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 950 } };
        var owner = await _app.NewSignedInPageAsync(browser.Browser, viewport);
        await owner.GotoAsync(_app.BaseUrl + "/users");
        await owner.Locator("[data-interactive=yes]").WaitForAsync();
        var email = owner.Locator("input[data-field=invite-email], [data-field=invite-email] input").First;
        await email.FillAsync("vera.viewer@example.com");
        await email.PressAsync("Tab");
        await owner.Locator("[data-field=invite-send]").ClickAsync();
        var link = (await owner.Locator("[data-field=invitation-link]").InnerTextAsync()).Trim();
        Assert.Contains("/account/invitation?token=", link);
        await owner.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "users.png") });

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 950 } });
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync(link);
        await viewer.FillAsync("#password", "vera's long password");
        await viewer.FillAsync("#confirm", "vera's long password");
        await viewer.NavigatesAsync(() => viewer.ClickAsync("button[type=submit]"), _app.BaseUrl + "/", timeout: 60_000);
        await viewer.Locator("[data-field=signed-in-as]:has-text('· viewer')").WaitForAsync();
        Assert.Equal(0, await viewer.Locator("a[href='/settings']").CountAsync());

        await viewer.GotoAsync(_app.BaseUrl + "/contacts/c-88");
        await viewer.Locator("[data-interactive=yes]").WaitForAsync();
        await viewer.Locator("[data-field=contact-detail]").First.WaitForAsync();
        var details = string.Join(" ", await viewer.Locator("[data-field=contact-detail]").AllInnerTextsAsync());
        Assert.Contains("v•••@example.com", details);
        Assert.DoesNotContain("vik.berg@example.com", await viewer.ContentAsync());
        Assert.DoesNotContain("+4915100000088", await viewer.ContentAsync());
        Assert.Equal(0, await viewer.Locator("[data-act=completed]").CountAsync());

        await viewer.GotoAsync(_app.BaseUrl + $"/runs/{runId}");
        await viewer.Locator("[data-interactive=yes]").WaitForAsync();
        await viewer.Locator(".run-header").WaitForAsync();
        Assert.Equal(0, await viewer.Locator("[data-field=cancel-run]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-field=replay-run]").CountAsync());
        await viewer.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "viewer-run.png") });

        await viewer.GotoAsync(_app.BaseUrl + "/flows/loan-approval");
        await viewer.Locator("[data-interactive=yes]").WaitForAsync();
        await viewer.Locator("[data-field=flow-tabs]").WaitForAsync();
        Assert.Equal(0, await viewer.Locator("[data-op=pause]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-op=edit], [data-op=clone]").CountAsync());

        // The editor opens read-only for a viewer: the draft drawn, no palette, nothing to publish, nothing saved.
        await viewer.GotoAsync(_app.BaseUrl + "/flows/loan-approval/edit");
        await viewer.Locator("[data-field=editor][data-interactive=yes]").WaitForAsync();
        await viewer.Locator(".draft-canvas.read-only[data-ready=yes]").WaitForAsync();
        await viewer.Locator("[data-field=read-only]").WaitForAsync();
        Assert.Equal(0, await viewer.Locator("[data-field=palette], [data-op=publish]").CountAsync());
        Assert.True(await viewer.Locator("[data-field=exit]").CountAsync() == 0 || await viewer.Locator("[data-field=exit]").First.IsDisabledAsync());

        await viewer.GotoAsync(_app.BaseUrl + "/users");
        await viewer.Locator("[data-field=not-allowed]").WaitForAsync();

        // The owner sees the same run with its operate buttons.
        await owner.GotoAsync(_app.BaseUrl + $"/runs/{runId}");
        await owner.Locator("[data-field=cancel-run]").WaitForAsync();
        await context.CloseAsync();
        await owner.CloseAsync();
    }
}
