using FlowRuns.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFlowRuns();

var app = builder.Build();
app.MapFlowRuns();
app.Run();

/// <summary>The web app's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
