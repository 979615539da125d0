using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Access;

/// <summary>A signed-in user's claims: Identity's, plus their FlowRuns role.</summary>
public sealed class FlowRunsClaimsFactory(UserManager<FlowRunsUser> users, IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<FlowRunsUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(FlowRunsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        return identity;
    }
}
