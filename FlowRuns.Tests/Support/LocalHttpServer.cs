using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Tests.Support;

/// <summary>A small HTTP service on 127.0.0.1 for http-node tests: JSON, slow, status, echo, redirect and a hanging endpoint.</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>Completes when a request reaches <c>/hang</c>; that request never answers until the server stops.</summary>
    public TaskCompletionSource HangReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Calls;

    /// <summary>Every request <c>/record</c> received: method, headers, body.</summary>
    public List<(string Method, Dictionary<string, string> Headers, string Body)> Recorded { get; } = [];

    /// <summary>Completes when <c>/trickle</c> has sent its headers and first bytes; its body never ends.</summary>
    public TaskCompletionSource TrickleReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many requests <c>/count/{key}</c> received per key (a run's own key: one call per run, or more).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Counted { get; } = new();

    /// <summary>What <c>/callback</c> does before it answers (e.g. post the event the run will wait for next).</summary>
    public Func<Task>? OnCallback { get; set; }

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LocalHttpServer? server = null;
        app.Use(async (context, next) => { Interlocked.Increment(ref server!.Calls); await next(context); });
        app.MapGet("/json", () => Results.Json(new { id = "cr-1", nested = new { amount = 5 }, items = new[] { "a", "b" } }));
        app.MapGet("/text", () => Results.Text("plain text"));
        // Answers only when the caller gives up (the http node's timeout): a service too slow to wait for.
        app.MapGet("/slow", async (CancellationToken ct) => { await Task.Delay(Timeout.Infinite, ct); return Results.Ok(); });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapPost("/echo", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            return Results.Json(new { authorization = request.Headers.Authorization.ToString(), body = await reader.ReadToEndAsync() });
        });
        app.MapPost("/callback", async () =>
        {
            if (server!.OnCallback is { } callback) await callback();
            return Results.Json(new { ok = true });
        });
        app.MapMethods("/count/{key}", ["GET", "POST"], (string key) =>
        {
            server!.Counted.AddOrUpdate(key, 1, (_, n) => n + 1);
            return Results.Json(new { ok = true });
        });
        app.MapGet("/big", () => Results.Text(new string('x', 10_000)));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapMethods("/redirect307", ["GET", "POST"], (HttpResponse response, string to) =>
        {
            response.StatusCode = 307;
            response.Headers.Location = to;
        });
        // Records what reached it: the headers and the body.
        app.MapMethods("/record", ["GET", "POST"], async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (server!.Recorded) server.Recorded.Add((request.Method, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            return Results.Json(new { ok = true });
        });
        // 2 MiB streamed without a length: only reading it tells how big it is.
        app.MapGet("/huge", async (HttpResponse response, CancellationToken ct) =>
        {
            response.ContentType = "application/json";
            var chunk = System.Text.Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            await response.Body.WriteAsync("["u8.ToArray(), ct);
            for (var i = 0; i < 32; i++) await response.Body.WriteAsync(chunk, ct);
            await response.Body.WriteAsync("]"u8.ToArray(), ct);
        });
        // Headers and the first bytes at once, then the body never ends: a service stuck mid-answer.
        app.MapGet("/trickle", async (HttpResponse response, CancellationToken ct) =>
        {
            response.ContentType = "application/json";
            await response.Body.WriteAsync("{\"items\": ["u8.ToArray(), ct);
            await response.Body.FlushAsync(ct);
            server!.TrickleReached.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        app.MapMethods("/hang", ["GET", "POST"], async (CancellationToken ct) =>
        {
            server!.HangReached.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LocalHttpServer(app, address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
