namespace FlowRuns.Tests.Support;

/// <summary>Signs a browser page in through an app's sign-in page: what every browser test does before its own pages.</summary>
public static class BrowserSignIn
{
    public static async Task SignInAsync(Microsoft.Playwright.IPage page, string baseUrl, string email, string password)
    {
        await page.GotoAsync(baseUrl + "/account/sign-in");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        // Signed in once the redirect away from the sign-in page is committed (the cookie came with it); what a test opens
        // next waits for its own content, so the landing page's every script and style need not have loaded here. The
        // wait starts before the click: WaitForURLAsync after it found the redirect done already and then waited for the
        // landing page's load event instead of the commit (a two-node test timed out on it).
        try
        {
            await page.NavigatesAsync(() => page.ClickAsync("button[type=submit]"), url => !url.Contains("/account/sign-in"), timeout: 60_000);
        }
        catch (TimeoutException)
        {
            var error = page.Locator("[data-field=sign-in-error]");
            var shown = await error.CountAsync() > 0 ? await error.First.InnerTextAsync() : "no error shown";
            throw new TimeoutException($"Signing in as {email} did not leave the sign-in page in 60 s: still at {page.Url}, {shown}.");
        }
    }
}
