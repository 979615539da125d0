using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace FlowRuns.Tests.Support;

/// <summary>The one bUnit setup every component test shares: MudBlazor services, loose JS interop, an interactive renderer.</summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }
}
