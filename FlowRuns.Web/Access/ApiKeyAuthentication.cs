using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> (or, for a browser's SignalR client on <c>/hubs</c>, <c>?access_token=</c>):
/// an API key (<see cref="ApiKeys"/>) or a page's own hub token (<see cref="CircuitHubTokens"/>). A key that does not
/// check out fails authentication (401); a request with no bearer is not this handler's to judge.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeys keys, CircuitHubTokens circuitTokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "flowruns:key";

    /// <summary>The bearer token of a request, or null.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } token) return token;
        return null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerOf(Request) is not { } bearer) return AuthenticateResult.NoResult();
        if (circuitTokens.Read(bearer) is { } circuit)
            return Success([new(ClaimTypes.NameIdentifier, circuit.Id), new(ClaimTypes.Name, circuit.Name), new(ClaimTypes.Role, circuit.Role)]);
        var key = await keys.VerifyAsync(bearer, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is not valid (unknown or revoked).");
        return Success([new(ClaimTypes.NameIdentifier, "key:" + key.Id), new(ClaimTypes.Name, key.Actor), new(ClaimTypes.Role, key.Role), new(KeyIdClaim, key.Id.ToString())]);
    }

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
