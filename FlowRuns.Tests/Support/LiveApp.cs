using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Support;

/// <summary>The real app on a real loopback port (Kestrel), for a browser to open.</summary>
public sealed class LiveApp : IAsyncDisposable
{
    private LiveApp(FlowRunsAppFactory factory, string baseUrl)
    {
        Factory = factory;
        BaseUrl = baseUrl.TrimEnd('/');
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        TestAccess.UseKey(Api);
    }

    public FlowRunsAppFactory Factory { get; }

    public string BaseUrl { get; }

    public HttpClient Api { get; }

    /// <summary>Starts the app; the owner's account and key are bootstrapped unless <paramref name="bootstrap"/> is off (a first start).</summary>
    public static Task<LiveApp> StartAsync(bool seedDemo = true, bool bootstrap = true, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var factory = new FlowRunsAppFactory(seedDemo, bootstrap: bootstrap, ownerAccount: bootstrap, logs: logs);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return Task.FromResult(new LiveApp(factory, address));
    }

    public async Task<string> StartRunAsync(string flow, object body)
    {
        var response = await Api.PostAsJsonAsync($"/api/flows/{flow}/runs", body);
        response.EnsureSuccessStatusCode();
        var started = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        return started!["id"]!.GetValue<string>();
    }

    /// <summary>Signs <paramref name="page"/> in through the sign-in page (as the bootstrapped owner unless told otherwise).</summary>
    public async Task SignInAsync(Microsoft.Playwright.IPage page, string email = TestAccess.OwnerEmail, string password = TestAccess.OwnerPassword)
    {
        await page.GotoAsync(BaseUrl + "/account/sign-in");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in"), new() { Timeout = 30_000 });
    }

    /// <summary>A new browser page of its own (own cookies), signed in.</summary>
    public async Task<Microsoft.Playwright.IPage> NewSignedInPageAsync(Microsoft.Playwright.IBrowser browser, Microsoft.Playwright.BrowserNewPageOptions? options = null,
        string email = TestAccess.OwnerEmail, string password = TestAccess.OwnerPassword)
    {
        var page = await browser.NewPageAsync(options);
        await SignInAsync(page, email, password);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Factory.DisposeAsync();
    }
}
