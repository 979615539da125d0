using Microsoft.AspNetCore.Identity;

namespace FlowRuns.Web.Access;

/// <summary><c>POST /account/sign-out</c> (a form with an antiforgery token, from the user menu): ends the session.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/sign-out", async (SignInManager<FlowRunsUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(AccessExtensions.SignInPath);
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
