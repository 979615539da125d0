using Microsoft.Net.Http.Headers;

namespace FlowRuns.Web.Api;

/// <summary>
/// Every state-changing API request (POST, PUT, PATCH, DELETE) must say <c>Content-Type: application/json</c>, body or
/// not — answered 415 otherwise. A page on another origin can send a plain form or a <c>no-cors</c> fetch with a text or
/// blob body, but never a JSON content type without this app's permission (a CORS preflight, which is not granted), so no
/// other site can publish, start, cancel or pause anything through a visitor's browser.
/// </summary>
public static class JsonOnlyWrites
{
    public static IApplicationBuilder UseJsonOnlyWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)
                || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method)) && !IsJson(request.ContentType))
        {
            await ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType,
                    "State-changing requests must be sent with 'Content-Type: application/json', even without a body (this is what keeps other sites from sending them through a browser).")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.HasValue
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
