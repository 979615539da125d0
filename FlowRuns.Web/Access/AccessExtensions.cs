using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Access;

/// <summary>
/// Sign-in and who may do what, in two calls. Pages sign in with a cookie (ASP.NET Core Identity over the store); the
/// API and the hub also take <c>Authorization: Bearer &lt;API key&gt;</c>. Every endpoint names its policy
/// (<see cref="Roles.Policies"/>); nothing is open but <c>/healthz</c>, the sign-in pages and static files.
/// </summary>
public static class AccessExtensions
{
    public const string Scheme = "FlowRuns";
    public const string SignInPath = "/account/sign-in";

    public static WebApplicationBuilder AddFlowRunsAccess(this WebApplicationBuilder builder, StorageOptions storage)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection("FlowRuns:Auth");
        services.Configure<AuthOptions>(section);
        var auth = section.Get<AuthOptions>() ?? new AuthOptions();
        StoreDialect.For(storage).AddContextFactory<AccessDbContext, Postgres.PostgresAccessDbContext>(services, AccessDbContext.MigrationsHistoryTable, pooled: false);
        services.AddDataProtection().SetApplicationName("FlowRuns").PersistKeysToDbContext<AccessDbContext>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "sign-in cookie or API key", options => options.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.BearerOf(context.Request) is not null ? ApiKeyAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "FlowRuns.Session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = "/account/sign-out";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.ExpireTimeSpan = auth.SessionLifetime;
            cookie.SlidingExpiration = true;
            // The API, the hub and the OpenAPI document answer 401/403 (a problem document), never a redirect to a page.
            cookie.Events.OnRedirectToLogin = context => AnswerOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => AnswerOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = auth.RevalidationInterval);
        services.AddIdentityCore<FlowRunsUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Password.RequiredLength = 12;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                identity.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AccessDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<FlowRunsClaimsFactory>();

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.Read, policy => policy.RequireRole(Roles.Readers))
            .AddPolicy(Roles.Policies.Operate, policy => policy.RequireRole(Roles.Operators))
            .AddPolicy(Roles.Policies.Administer, policy => policy.RequireRole(Roles.Owner))
            .AddPolicy(Roles.Policies.Ingest, policy => policy.RequireRole(Roles.Ingesters));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationState>();
        services.AddHttpContextAccessor();

        services.AddSingleton<ApiKeys>();
        services.AddSingleton<CircuitHubTokens>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<Review.RunChecks>();
        services.AddSingleton<Accounts>();
        services.AddSingleton<SetupLink>();
        services.AddSingleton<WorkspaceRetention>();
        services.AddSingleton<IRetentionPolicy>(provider => provider.GetRequiredService<WorkspaceRetention>());
        services.AddScoped<OperatorContext>();
        // First of all hosted services: Data Protection's own start-up service reads its keys from these tables.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, AccessStartup>());
        return builder;
    }

    private static readonly string[] NonPagePrefixes = ["/api", "/hubs", "/openapi", "/healthz"]; // /scalar is a page: it leads to sign-in

    private static Task AnswerOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (NonPagePrefixes.Any(prefix => context.Request.Path.StartsWithSegments(prefix)))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Authentication, authorization, and the cross-site write guard: an API write signed in by the cookie (not a key)
    /// must carry an antiforgery token, so a page on another site cannot make a signed-in browser change anything.
    /// </summary>
    public static WebApplication UseFlowRunsAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid.",
                    detail: "A write signed in with the browser's cookie needs an antiforgery token; integrations send an API key (Authorization: Bearer …).")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
