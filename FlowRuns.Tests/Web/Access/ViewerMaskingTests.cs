using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Access;

/// <summary>A viewer reads contacts, deliveries and runs with email and phone masked; a manager sees them in full.</summary>
public class ViewerMaskingTests : ApiScope
{
    private async Task<HttpClient> ClientAsAsync(string role)
    {
        var (_, key) = await App.Services.GetRequiredService<ApiKeys>().CreateAsync(role, role, "test");
        var client = App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task AViewer_SeesEmailAndPhoneMasked_InContactsDeliveriesAndRuns()
    {
        await PutAsync("/api/contacts/c-mask", new { name = "Ana", email = "ana.silva@example.com", phone = "+4915100000017", attributes = new { firstName = "Ana", balance = 50000 } });
        var (published, _) = await PostAsync("/api/flows", new
        {
            key = "reach-out", name = "Reach out", trigger = new { type = "api" },
            nodes = new object[]
            {
                new { id = "start", type = "trigger" },
                new { id = "mail", type = "send", channel = "email", title = "Hello", body = "Hi %{firstName}" },
                new { id = "text", type = "send", channel = "sms", body = "Hi %{firstName}" },
                new { id = "done", type = "end" },
            },
            edges = new object[] { new { from = "start", to = "mail" }, new { from = "mail", to = "text" }, new { from = "text", to = "done" } },
        });
        Assert.Equal(201, published);
        var run = await StartRunAsync("reach-out", new { contactId = "c-mask" });
        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        using var viewer = await ClientAsAsync(Roles.Viewer);
        using var manager = await ClientAsAsync(Roles.Manager);

        var seen = JsonNode.Parse(await viewer.GetStringAsync("/api/contacts/c-mask"))!;
        Assert.Equal("a•••@example.com", seen["email"]!.GetValue<string>());
        Assert.Equal("+49•••••••••17", seen["phone"]!.GetValue<string>());
        Assert.Equal("Ana", seen["name"]!.GetValue<string>());
        var full = JsonNode.Parse(await manager.GetStringAsync("/api/contacts/c-mask"))!;
        Assert.Equal("ana.silva@example.com", full["email"]!.GetValue<string>());

        var viewerText = await viewer.GetStringAsync("/api/deliveries?contact=c-mask") + await viewer.GetStringAsync($"/api/runs/{run["id"]}");
        Assert.DoesNotContain("ana.silva@example.com", viewerText);
        Assert.DoesNotContain("+4915100000017", viewerText);
        Assert.Contains("a•••@example.com", viewerText);
        var managerText = await manager.GetStringAsync("/api/deliveries?contact=c-mask") + await manager.GetStringAsync($"/api/runs/{run["id"]}");
        Assert.Contains("ana.silva@example.com", managerText);
        Assert.Contains("+4915100000017", managerText);
    }

    [Theory]
    [InlineData("ana@example.com", "a•••@example.com")]
    [InlineData("x@y", "x•••@y")]
    [InlineData("not-an-email", "•••")]
    public void Emails_KeepTheirFirstLetterAndDomain(string email, string masked) => Assert.Equal(masked, PiiMask.Email(email));

    [Theory]
    [InlineData("+4915100000017", "+49•••••••••17")]
    [InlineData("0301234567", "0•••••••67")]
    [InlineData("123", "•••")]
    public void Phones_KeepTheirCountryCodeAndLastTwoDigits(string phone, string masked) => Assert.Equal(masked, PiiMask.Phone(phone));
}
