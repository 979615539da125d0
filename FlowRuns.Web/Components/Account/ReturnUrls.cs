namespace FlowRuns.Web.Components.Account;

/// <summary>Where to go after signing in: a path on this site only (never another origin), else the home page.</summary>
public static class ReturnUrls
{
    public static string Safe(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2000 } url && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Contains('\n') && !url.Contains('\r')
            ? url
            : "/";
}
