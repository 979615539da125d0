using FlowRuns.Tests.Support;
using Microsoft.Playwright;

namespace FlowRuns.Tests.EndToEnd;

/// <summary>Another site can't make a visitor's browser change anything: a plain form and a no-cors fetch are refused, and nothing changes.</summary>
[Collection(BrowserCollection.Name)]
public class CrossSiteWriteTests(BrowserFixture browser) : IAsyncLifetime
{
    private LiveApp _app = null!;
    private LocalHttpServer _otherSite = null!;

    public async Task InitializeAsync()
    {
        _app = await LiveApp.StartAsync();
        _otherSite = await LocalHttpServer.StartAsync(); // another origin to host the attacker's page
    }

    public async Task DisposeAsync()
    {
        await _otherSite.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AFormPostAndANoCorsFetchFromAnotherOrigin_AreRefused_AndTheFlowStaysActive()
    {
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(_otherSite.BaseUrl + "/text"); // any page of the other origin
        var formAnswer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/flows/loan-approval/pause"));
        await page.EvaluateAsync($$"""
            () => {
              const form = document.createElement('form');
              form.method = 'POST';
              form.action = '{{_app.BaseUrl}}/api/flows/loan-approval/pause';
              document.body.appendChild(form);
              form.submit();
            }
            """);
        Assert.Equal(415, (await formAnswer).Status);
        await page.WaitForURLAsync("**/api/flows/loan-approval/pause"); // the form's navigation has landed (on the refusal)
        await page.CloseAsync();

        page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(_otherSite.BaseUrl + "/text");
        await page.EvaluateAsync($$"""
            async () => {
              await fetch('{{_app.BaseUrl}}/api/flows/loan-approval/deactivate', { method: 'POST', mode: 'no-cors', body: new Blob(['{}']) });
              await fetch('{{_app.BaseUrl}}/api/flows', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"key":"evil","name":"E","trigger":{"type":"api"},"nodes":[],"edges":[]}' });
            }
            """);
        var flow = System.Text.Json.Nodes.JsonNode.Parse(await _app.Api.GetStringAsync("/api/flows/loan-approval"))!;
        Assert.Equal("active", flow["status"]!.GetValue<string>());
        Assert.Equal(404, (int)(await _app.Api.GetAsync("/api/flows/evil")).StatusCode);
        await page.CloseAsync();
    }
}
