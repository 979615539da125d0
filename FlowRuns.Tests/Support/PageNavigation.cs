using Microsoft.Playwright;

namespace FlowRuns.Tests.Support;

/// <summary>
/// Waits for the navigation an action causes. The wait starts before the action: started after it, a navigation that had
/// already committed left Playwright waiting for the new page's load event instead (Chromium under CI load took longer
/// than 30 s for it, twice — the sign-in and sign-out tests).
/// </summary>
public static class PageNavigation
{
    /// <summary>Runs <paramref name="action"/> and returns once the page's address matches <paramref name="url"/> (committed).</summary>
    public static async Task NavigatesAsync(this IPage page, Func<Task> action, Func<string, bool> url, float timeout = 30_000)
    {
        var arrived = page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeout });
        await action();
        await arrived;
    }

    /// <summary>The same with a glob (<c>**/runs/…</c>) or an exact address.</summary>
    public static async Task NavigatesAsync(this IPage page, Func<Task> action, string url, float timeout = 30_000)
    {
        var arrived = page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeout });
        await action();
        await arrived;
    }
}
