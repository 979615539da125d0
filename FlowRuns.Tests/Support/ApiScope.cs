using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FlowRuns.Tests.Support;

/// <summary>Base for API tests: a fresh app and database per test, with the demo flows and a client.</summary>
public abstract class ApiScope : IAsyncLifetime
{
    protected FlowRunsAppFactory App { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    protected virtual bool SeedDemo => true;

    public virtual Task InitializeAsync()
    {
        App = new FlowRunsAppFactory(SeedDemo);
        Client = App.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    protected async Task<JsonNode> GetJsonAsync(string url)
    {
        var response = await Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    protected async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is string raw ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body) };
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    protected Task<(int Status, JsonNode? Body)> PostAsync(string url, object? body) => SendAsync(HttpMethod.Post, url, body);

    protected Task<(int Status, JsonNode? Body)> PutAsync(string url, object? body) => SendAsync(HttpMethod.Put, url, body);

    /// <summary>Starts a run and polls it until it is no longer Running.</summary>
    protected async Task<JsonNode> StartRunAsync(string flow, object body)
    {
        var (status, started) = await PostAsync($"/api/flows/{flow}/runs", body);
        Assert.True(status == 202, $"start answered {status}: {started}");
        return await SettledRunAsync(started!["id"]!.GetValue<string>());
    }

    /// <summary>Polls a run until it has ended or waits on something other than its own child run.</summary>
    protected async Task<JsonNode> SettledRunAsync(string id)
    {
        // Waits on the state it needs, up to 30 s: a subflow run on a busy 2-core machine can take seconds to settle.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            var run = await GetJsonAsync($"/api/runs/{id}");
            var waitingOnChild = run["waitingForChildRunId"] is not null;
            if (run["status"]!.GetValue<string>() is not ("Running" or "Pending") && !waitingOnChild) return run;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Run {id} did not settle.");
    }
}
