using Microsoft.Playwright;

namespace FlowRuns.Tests.Support;

/// <summary>
/// One headless Debian Chromium for the browser tests, driven by Playwright. Nothing is downloaded:
/// a missing <c>/usr/bin/chromium</c> fails the tests with the command that installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("FLOWRUNS_CHROMIUM") ?? ChromiumPath;
        if (!File.Exists(path))
            throw new InvalidOperationException($"Chromium is missing at {path}: the browser tests need Debian's Chromium. Install it with 'apt-get install -y chromium' (.ci/run does this).");
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync();
    }

    /// <summary>
    /// A Chromium of the test's own, for a test that must not share the browser every other test has used (its pages and
    /// processes); the test disposes it.
    /// </summary>
    public Task<IBrowser> LaunchAsync() => _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("FLOWRUNS_CHROMIUM") ?? ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--disable-quic"],
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
