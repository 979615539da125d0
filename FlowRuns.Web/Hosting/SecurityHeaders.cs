using System.Security.Cryptography;

namespace FlowRuns.Web.Hosting;

/// <summary>
/// The headers every answer carries: <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c> (run
/// ids stay out of other sites' logs), <c>X-Frame-Options: DENY</c>, and a Content-Security-Policy — for pages: scripts
/// from this origin only plus the one inline import map, which carries a per-request nonce (<see cref="Nonce"/>); styles
/// may be inline (MudBlazor sets style attributes); the circuit connects to this origin only. API and other answers get a
/// policy that allows nothing to run. The API reference (<c>/scalar</c>) is a third-party page and gets only the framing
/// and sniffing headers. HSTS is added by <c>UseHsts</c> when the app is served over https outside Development.
/// </summary>
public static class SecurityHeaders
{
    private static readonly object NonceKey = new();

    /// <summary>The nonce of this request's page policy (for the inline import map); null outside a page.</summary>
    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        var path = context.Request.Path;
        if (path.StartsWithSegments("/scalar")) { }
        else if (path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/hubs"))
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        else
        {
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)); // hex: nothing for HTML to encode
            context.Items[NonceKey] = nonce;
            headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
                "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        }
        await next(context);
    });
}
