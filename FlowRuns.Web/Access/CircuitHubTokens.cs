using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;

namespace FlowRuns.Web.Access;

/// <summary>
/// How a page's own hub client (<see cref="Live.RunFeed"/>, server side, inside the signed-in user's circuit) proves to
/// <c>/hubs/runs</c> who it watches for: a short-lived token, protected with the app's Data Protection keys, naming the
/// user and their role. Made fresh on every (re)connect; it never reaches a browser and is never stored.
/// </summary>
public sealed class CircuitHubTokens(IDataProtectionProvider protection)
{
    public const string Start = "circuit.";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("FlowRuns.CircuitHubToken").ToTimeLimitedDataProtector();

    /// <summary>A token for <paramref name="user"/>, or null when they are not signed in.</summary>
    public string? For(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var payload = string.Join('\n', user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.Identity.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "");
        return Start + _protector.Protect(payload, Lifetime);
    }

    /// <summary>The user a token names, or null when it is not one of ours or has expired.</summary>
    public (string Id, string Name, string Role)? Read(string token)
    {
        if (!token.StartsWith(Start, StringComparison.Ordinal)) return null;
        try
        {
            var parts = _protector.Unprotect(token[Start.Length..]).Split('\n');
            return parts.Length == 3 ? (parts[0], parts[1], parts[2]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
