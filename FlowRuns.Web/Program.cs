using FlowRuns.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
// The standard knobs decide where the app listens (ASPNETCORE_URLS, --urls, a Urls setting, Kestrel endpoints);
// only when none is given does it take its default, loopback port 5000.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
    builder.WebHost.UseUrls(DefaultUrl.Value);
builder.AddFlowRuns();
// The migrate command reports its own outcome; EF Core's logs of the checks it makes on a store that does not exist yet
// (a refused connection, a missing history table) would read as failures.
if (args.FirstOrDefault() == "migrate") builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Critical);

var app = builder.Build();
// `dotnet FlowRuns.Web.dll migrate`: apply the store's migrations (engine and access) and exit — the deploy step for a
// store several nodes share, whose nodes do not migrate at start (FlowRuns:Database:Migrate).
if (args.FirstOrDefault() == "migrate") return await StoreMigrations.RunAsync(app.Services);
app.MapFlowRuns();
app.Run();
return 0;

/// <summary>The web app's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;

/// <summary>Where the app listens when nothing says otherwise.</summary>
internal static class DefaultUrl
{
    public const string Value = "http://127.0.0.1:5000";
}
