using FlowRuns.Engine;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using FlowRuns.Web.Access;
using FlowRuns.Web.Api;
using FlowRuns.Web.Components;
using FlowRuns.Web.Demo;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace FlowRuns.Web.Hosting;

/// <summary>Everything the FlowRuns web app is made of, in two calls: <see cref="AddFlowRuns"/> and <see cref="MapFlowRuns"/>.</summary>
public static class FlowRunsWebExtensions
{
    public static WebApplicationBuilder AddFlowRuns(this WebApplicationBuilder builder)
    {
        // Serve package assets (MudBlazor, the Blazor script) from the build output in every environment, not only
        // Development: the app also runs straight from its build (tests, benchmarks). A published app has them in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        var section = builder.Configuration.GetSection("FlowRuns");
        var storage = section.GetSection("Database").Get<StorageOptions>() ?? new StorageOptions();
        // Several nodes: caches of flows and contacts are dropped on every node when one changes them (before the engine,
        // which otherwise takes the one-process feed; and started before it).
        // One Redis connection per node (started first) carries both, and says whether live changes reach the watchers.
        var redis = section["Redis"] is { Length: > 0 } configured ? configured : null;
        if (redis is not null)
        {
            builder.Services.AddSingleton(provider => new Nodes.RedisLink(redis, provider.GetRequiredService<ILogger<Nodes.RedisLink>>()));
            builder.Services.AddSingleton<Live.ILiveBackplane>(provider => provider.GetRequiredService<Nodes.RedisLink>());
            builder.Services.AddHostedService(provider => provider.GetRequiredService<Nodes.RedisLink>());
            builder.Services.AddSingleton<Nodes.RedisStoreChangeFeed>();
            builder.Services.AddSingleton<IStoreChangeFeed>(provider => provider.GetRequiredService<Nodes.RedisStoreChangeFeed>());
            builder.Services.AddHostedService(provider => provider.GetRequiredService<Nodes.RedisStoreChangeFeed>());
        }
        else builder.Services.AddSingleton<Live.ILiveBackplane, Live.InProcessBackplane>();
        builder.Services.AddFlowRunsEngine(storage);
        builder.Services.Configure<FlowRunsEngineOptions>(section);
        builder.Services.Configure<RetentionOptions>(section.GetSection("Retention"));
        builder.AddFlowRunsAccess(storage);
        builder.Services.Configure<DemoOptions>(section.GetSection("Demo"));
        builder.Services.AddSingleton<DemoHistory>();
        builder.Services.AddSingleton<IEngineStartupTask, DemoSeeder>();
        builder.Services.AddHostedService<DemoTraffic>();
        builder.Services.Configure<Alerts.AlertOptions>(section.GetSection("Alerts"));
        builder.Services.AddSingleton<Alerts.AlertRules>();
        builder.Services.AddSingleton<Authoring.FlowDrafts>();
        builder.Services.AddSingleton<Authoring.NewFlows>();
        builder.Services.AddSingleton<Alerts.AlertFeed>();
        builder.Services.AddSingleton<Alerts.AlertEvaluator>();
        builder.Services.AddHostedService<Alerts.AlertScheduler>();

        builder.Services.Configure<ApiOptions>(section.GetSection("Api"));
        builder.Services.AddFlowRunsRateLimits(section.GetSection("RateLimits").Get<RateLimits.Options>() ?? new RateLimits.Options());
        var maxBody = section.GetSection("Api").Get<ApiOptions>()?.MaxRequestBodyBytes ?? new ApiOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody + 1);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new UtcTimeJsonConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddAntiforgery(antiforgery => antiforgery.SuppressXFrameOptionsHeader = true); // SecurityHeaders sends DENY on everything
        builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<UnexpectedExceptionHandler>();
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FlowRuns API";
            document.Info.Description = "Runs, flows, contacts, events, deliveries and alerts. Send an API key as `Authorization: Bearer <key>` (keys are made on /settings).";
            return Task.CompletedTask;
        }));
        var health = builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<StoreWritableHealthCheck>("store-writable")
            .AddCheck<EngineLoopHealthCheck>("engine");
        if (redis is not null) health.AddCheck<LiveBackplaneHealthCheck>("redis");

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.Configure<Live.LiveOptions>(section.GetSection("Live"));
        var live = section.GetSection("Live").Get<Live.LiveOptions>() ?? new Live.LiveOptions();
        var signalR = builder.Services.AddSignalR(hub => hub.MaximumReceiveMessageSize = live.MaxMessageBytes).AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new UtcTimeJsonConverter()));
        // Several nodes: every hub message goes through Redis, so a watcher on one node sees the runs walked on another.
        if (redis is not null)
        {
            signalR.AddStackExchangeRedis(); // on the node's link, whose channels all start with "FlowRuns:"
            builder.Services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>().Configure<Nodes.RedisLink>((options, link) =>
                options.ConnectionFactory = _ => Task.FromResult<StackExchange.Redis.IConnectionMultiplexer>(link.Connection));
        }
        builder.Services.AddSingleton<Live.NodeHubAddress>();
        builder.Services.AddHostedService<Live.RunEventRelay>();
        builder.Services.AddScoped<Live.RunFeed>();
        builder.Services.Configure<Components.Graph.LayoutOptions>(section.GetSection("Layout"));
        builder.Services.AddSingleton<Components.Graph.GraphLayoutCache>();
        return builder;
    }

    private static readonly string[] NonPagePrefixes = ["/api", "/hubs", "/healthz", "/openapi", "/scalar", "/_blazor", "/_framework", "/_content"];

    private static bool IsPageAddress(PathString path) =>
        !NonPagePrefixes.Any(prefix => path.StartsWithSegments(prefix)) && !Path.HasExtension(path.Value ?? "");

    public static WebApplication MapFlowRuns(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts(); // sent only over https
        app.UseExceptionHandler();
        // An unknown page address shows the app's own "not found" page (404); the API, the hub and files answer a problem document.
        app.UseWhen(context => IsPageAddress(context.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseWhen(context => !IsPageAddress(context.Request.Path), other => other.UseStatusCodePages());
        app.UseRouting(); // after the re-execution above, so a re-executed request is routed again
        app.UseFlowRunsAccess();
        app.UseJsonOnlyWrites();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseFingerprintedAssetCaching();
        app.MapStaticAssets();
        app.MapOpenApi().RequireAuthorization(Roles.Policies.Read);
        // The API reference loads nothing from outside (no web fonts, no telemetry) and shows none of Scalar's own promotions.
        app.MapScalarApiReference(options =>
        {
            options.WithTitle("FlowRuns API").DisableDefaultFonts().HideDeveloperTools().DisableAgent().DisableMcp().DisableTelemetry().WithFavicon("/favicon.svg")
                .WithCustomCss("a[href*='scalar.com'] { display: none !important; }");
            options.HideClientButton = true;
        }).RequireAuthorization(Roles.Policies.Read);
        // Browsers that ask for the classic icon get the app's SVG one.
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).AllowAnonymous().ExcludeFromDescription();
        app.MapAccountEndpoints();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapFlowsApi();
        app.MapContactsApi();
        app.MapRunsCsvExport();
        app.MapDeliveriesApi();
        app.MapAlertsApi();
        app.MapRunsApi();
        app.MapFailuresApi();
        app.MapPathsApi();
        app.MapVersionsApi();
        app.MapEventsApi();
        app.MapRunOperationsApi();
        app.MapFlowOperationsApi();
        app.MapDraftsApi();
        app.MapHub<Live.RunsHub>("/hubs/runs");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null); // SecurityHeaders sends frame-ancestors 'none'
        return app;
    }
}
