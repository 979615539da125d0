using System.Net.Http.Headers;
using System.Text;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>A state-changing API request without a JSON content type is 415, whatever its body; reads are unaffected.</summary>
public class JsonOnlyWritesTests : ApiScope
{
    [Theory]
    [InlineData("POST", "/api/flows/loan-approval/pause", null)]
    [InlineData("POST", "/api/flows/loan-approval/pause", "text/plain")]
    [InlineData("POST", "/api/flows", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/api/events", "multipart/form-data; boundary=x")]
    [InlineData("PUT", "/api/contacts/c-1", "text/plain")]
    public async Task AWriteWithoutJson_Is415_AndNothingChanges(string method, string url, string? contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await Client.SendAsync(request);
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var flow = await GetJsonAsync("/api/flows/loan-approval");
        Assert.Equal("active", flow["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABodilessWriteWithTheJsonContentType_Works()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/flows/loan-approval/pause") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }
}
