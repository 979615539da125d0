using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace FlowRuns.Tests.Support;

/// <summary>The one bUnit setup every component test shares: MudBlazor services, loose JS interop, an interactive renderer.</summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext()
    {
        // WaitFor… waits on the state a test needs, and returns as soon as it holds: a busy 2-core machine may take longer
        // than bUnit's default second to get there, which is no failure.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The flow canvas (Blazor.Diagrams) measures its container once drawn: a 1200 × 800 canvas.
        JSInterop.Setup<Blazor.Diagrams.Core.Geometry.Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true)
            .SetResult(new Blazor.Diagrams.Core.Geometry.Rectangle(0, 0, CanvasWidth, CanvasHeight));
        Services.AddMudServices();
        // Components read the signed-in person from the cascading authentication state: an owner unless a test says otherwise.
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("owner@flowruns.test");
        Authorization.SetRoles(FlowRuns.Web.Access.Roles.Owner);
        Authorization.SetPolicies(FlowRuns.Web.Access.Roles.Policies.Read, FlowRuns.Web.Access.Roles.Policies.Operate, FlowRuns.Web.Access.Roles.Policies.Administer);
        AddServices(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public const double CanvasWidth = 1200;
    public const double CanvasHeight = 800;

    /// <summary>Who the rendered components see as signed in; change it before rendering.</summary>
    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Services a test's components need besides MudBlazor's; called before anything is resolved.</summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }
}
