using Microsoft.AspNetCore.Components.Authorization;

namespace FlowRuns.Web.Access;

/// <summary>The signed-in person on a page (a circuit): who they are, what they may do, and where they came from.</summary>
public sealed class OperatorContext(AuthenticationStateProvider authentication, IHttpContextAccessor http)
{
    public async Task<Actor> CurrentAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return Actor.From(state.User, http.HttpContext?.Connection.RemoteIpAddress?.ToString());
    }
}
