using Microsoft.Playwright;

namespace FlowRuns.Bench;

/// <summary>Headless Debian Chromium through Playwright, for the benchmarks that measure what a browser sees.</summary>
internal static class BenchBrowser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists("/usr/bin/chromium")) throw new InvalidOperationException("Install Debian's chromium: apt-get install -y chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    /// <summary>A browser context signed in as the app's bootstrapped owner (its pages share the cookie, each has its own circuit).</summary>
    public static async Task<IBrowserContext> SignedInAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/account/sign-in");
        await page.FillAsync("#email", FlowRuns.Tests.Support.AppProcess.OwnerEmail);
        await page.FillAsync("#password", FlowRuns.Tests.Support.AppProcess.OwnerPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in"), new() { Timeout = 30_000 });
        await page.CloseAsync();
        return context;
    }

    /// <summary>Opens a page and waits until the interactive render has taken over.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        return page;
    }
}
