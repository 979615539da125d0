using FlowRuns.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
// The standard knobs decide where the app listens (ASPNETCORE_URLS, --urls, a Urls setting, Kestrel endpoints);
// only when none is given does it take its default, loopback port 5000.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
    builder.WebHost.UseUrls(DefaultUrl.Value);
builder.AddFlowRuns();

var app = builder.Build();
app.MapFlowRuns();
app.Run();

/// <summary>The web app's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;

/// <summary>Where the app listens when nothing says otherwise.</summary>
internal static class DefaultUrl
{
    public const string Value = "http://127.0.0.1:5000";
}
