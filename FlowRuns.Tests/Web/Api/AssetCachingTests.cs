using System.Text.RegularExpressions;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

/// <summary>The page's fingerprinted stylesheets and scripts are cached for a year; an unversioned file is re-validated.</summary>
public partial class AssetCachingTests : ApiScope
{
    protected override bool SeedDemo => false;

    [Fact]
    public async Task FingerprintedAssets_AreImmutable_OthersAreRevalidated()
    {
        var page = await Client.GetStringAsync("/account/sign-in");
        var stylesheet = Stylesheet().Match(page).Groups[1].Value;
        Assert.Matches(@"^/?app\.[a-z0-9]{10}\.css$", stylesheet);

        using var fingerprinted = await Client.GetAsync("/" + stylesheet.TrimStart('/'));
        Assert.True(fingerprinted.IsSuccessStatusCode, $"{stylesheet}: {(int)fingerprinted.StatusCode}");
        Assert.Equal("public, max-age=31536000, immutable", fingerprinted.Headers.CacheControl?.ToString());

        // Blazor's own script too: the page names its fingerprinted copy, so a new page load does not re-validate it.
        var blazor = BlazorScript().Match(page).Groups[1].Value;
        Assert.Matches(@"^/?_framework/blazor\.web\.[a-z0-9]{10}\.js$", blazor);
        using (var script = await Client.GetAsync("/" + blazor.TrimStart('/')))
            Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());

        using var plain = await Client.GetAsync("/_framework/blazor.web.js");
        Assert.True(plain.IsSuccessStatusCode);
        Assert.DoesNotContain("immutable", plain.Headers.CacheControl?.ToString() ?? "");
    }

    [GeneratedRegex("<script src=\"([^\"]*blazor\\.web[^\"]*\\.js)\"")]
    private static partial Regex BlazorScript();

    [GeneratedRegex("<link href=\"([^\"]*app\\.[a-z0-9]+\\.css)\"")]
    private static partial Regex Stylesheet();
}
