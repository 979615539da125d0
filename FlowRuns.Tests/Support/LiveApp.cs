using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Support;

/// <summary>The real app on a real loopback port (Kestrel), for a browser to open.</summary>
public sealed class LiveApp : IAsyncDisposable
{
    private LiveApp(FlowRunsAppFactory factory, string baseUrl)
    {
        Factory = factory;
        BaseUrl = baseUrl.TrimEnd('/');
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public FlowRunsAppFactory Factory { get; }

    public string BaseUrl { get; }

    public HttpClient Api { get; }

    public static Task<LiveApp> StartAsync(bool seedDemo = true)
    {
        var factory = new FlowRunsAppFactory(seedDemo);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return Task.FromResult(new LiveApp(factory, address));
    }

    public async Task<string> StartRunAsync(string flow, object body)
    {
        var response = await Api.PostAsJsonAsync($"/api/flows/{flow}/runs", body);
        response.EnsureSuccessStatusCode();
        var started = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        return started!["id"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Factory.DisposeAsync();
    }
}
