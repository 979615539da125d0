using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class ContactsApiTests : ApiScope
{
    protected override bool SeedDemo => false;

    [Fact]
    public async Task Put_CreatesThenUpdates_AndGetReadsItBack()
    {
        var (created, _) = await PutAsync("/api/contacts/c-17", new { name = "Ana", email = "ana@example.com", phone = "+4917", attributes = new { customerSegment = "premium" } });
        Assert.Equal(201, created);
        var (updated, _) = await PutAsync("/api/contacts/c-17", new { name = "Ana B", email = "ana@example.com", attributes = new { customerSegment = "standard", creditLimit = 5000 } });
        Assert.Equal(200, updated);
        var contact = await GetJsonAsync("/api/contacts/c-17");
        Assert.Equal("Ana B", contact["name"]!.GetValue<string>());
        Assert.Null(contact["phone"]);
        Assert.Equal("standard", contact["attributes"]!["customerSegment"]!.GetValue<string>());
        Assert.Equal(5000, contact["attributes"]!["creditLimit"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/api/contacts/c-1", "{\"attributes\": [1]}", "attributes")]
    [InlineData("/api/contacts/c-1", "{\"email\": \"not-an-email\"}", "email")]
    [InlineData("/api/contacts/c-1", "{\"name\": 5}", "name")]
    [InlineData("/api/contacts/has%20space", "{}", "id")]
    [InlineData("/api/contacts/c-1", "[]", "$")]
    public async Task Put_BadInput_Is400NamingTheField(string url, string body, string field)
    {
        var (status, problem) = await PutAsync(url, body);
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]![field]);
    }

    [Fact]
    public async Task Get_Unknown_Is404()
    {
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Client.GetAsync("/api/contacts/ghost")).StatusCode);
    }
}
