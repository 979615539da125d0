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

    /// <summary>
    /// The demo's premium customer <c>c-17</c> (created or updated) submits a loan: returns the run once it waits for the
    /// customer to complete the card.
    /// </summary>
    public async Task<string> StartWaitingLoanAsync(string contactName = "Ana")
    {
        (await Api.PutAsJsonAsync("/api/contacts/c-17", new { name = contactName, phone = "+4917", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } })).EnsureSuccessStatusCode();
        var response = await Api.PostAsJsonAsync("/api/events", new { contactId = "c-17", name = "loan.submitted", properties = new { amount = 5000 } });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["started"]![0]!.GetValue<string>();
        for (var i = 0; i < 600; i++)
        {
            var run = (await Api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/runs/{id}"))!;
            if (run["waitingFor"]?.GetValue<string>() == "card.completed") return id;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The loan run {id} did not reach its wait for the customer in 30 s.");
    }

    /// <summary>Signs <paramref name="page"/> in through the sign-in page (as the bootstrapped owner unless told otherwise).</summary>
    public Task SignInAsync(Microsoft.Playwright.IPage page, string email = TestAccess.OwnerEmail, string password = TestAccess.OwnerPassword) =>
        BrowserSignIn.SignInAsync(page, BaseUrl, email, password);

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
