using System.Text.RegularExpressions;

namespace FlowRuns.Web.Hosting;

/// <summary>
/// Fingerprinted static assets (<c>app.1y83onhm6v.css</c>: the name changes whenever the content does) are cached by
/// the browser for a year without asking again. Published builds get this from the static-assets manifest; a build run
/// with <c>dotnet run</c> serves every asset <c>no-cache</c>, so each page load re-validated (and sometimes re-fetched
/// the 600 KB MudBlazor stylesheet) before the page could render.
/// </summary>
public static partial class AssetCaching
{
    public static IApplicationBuilder UseFingerprintedAssetCaching(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsGet(context.Request.Method) && Fingerprinted().IsMatch(context.Request.Path.Value ?? ""))
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode is 200 or 304) context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                return Task.CompletedTask;
            });
        await next(context);
    });

    /// <summary>A file name with a fingerprint before its extension, as <c>Assets[…]</c> writes them.</summary>
    [GeneratedRegex(@"\.[a-z0-9]{10}\.(css|js|woff2?|svg|png|ico)$")]
    private static partial Regex Fingerprinted();
}
