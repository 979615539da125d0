using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>Pages and API answers carry nosniff, a referrer policy, no framing and a Content-Security-Policy.</summary>
public class SecurityHeadersTests : ApiScope
{
    [Theory]
    [InlineData("/", "script-src 'self' 'nonce-")]
    [InlineData("/runs", "script-src 'self' 'nonce-")]
    [InlineData("/api/flows", "default-src 'none'")]
    [InlineData("/api/runs/nope", "default-src 'none'")]
    [InlineData("/healthz", "default-src 'none'")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string url, string policy)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains(policy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task EachPageAnswer_HasItsOwnNonce_OnItsImportMap()
    {
        string NonceOf(HttpResponseMessage r) => r.Headers.GetValues("Content-Security-Policy").Single().Split("'nonce-")[1].Split('\'')[0];
        using var first = await Client.GetAsync("/");
        using var second = await Client.GetAsync("/");
        Assert.NotEqual(NonceOf(first), NonceOf(second));
        Assert.Contains($"<script type=\"importmap\" nonce=\"{NonceOf(first)}\"", await first.Content.ReadAsStringAsync());
    }
}
