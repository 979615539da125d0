using System.Security.Claims;

namespace FlowRuns.Web.Access;

/// <summary>Who does something: the signed-in user's email or <c>key frk_AbCd</c>, their role, and the address they came from.</summary>
public sealed record Actor(string Name, string Role, string? Address)
{
    public bool CanOperate => Role is Roles.Owner or Roles.Manager;

    public bool IsOwner => Role == Roles.Owner;

    /// <summary>Whether contacts' email and phone are shown in full (owner, manager) or masked (viewer).</summary>
    public bool SeesContactDetails => CanOperate;

    public static Actor From(ClaimsPrincipal user, string? address) =>
        new(user.Identity?.Name ?? "anonymous", user.FindFirstValue(ClaimTypes.Role) ?? "", address);

    public static Actor From(HttpContext context) => From(context.User, context.Connection.RemoteIpAddress?.ToString());
}
