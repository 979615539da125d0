using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace FlowRuns.Engine.Nodes.Http;

/// <summary>
/// Calls an HTTP endpoint with a timeout, captures fields of a JSON answer by JSONPath into the output, and leaves by
/// <c>error</c> on failure when the flow has that edge (else the run fails). Stored request and response are redacted and capped.
/// </summary>
public sealed class HttpNode(HttpNodeClient client, IOptions<FlowRunsEngineOptions> options) : NodeType<HttpNode.Settings>
{
    public sealed record Settings(
        string Method,
        Template? Url,
        IReadOnlyList<(string Name, Template Value)> Headers,
        Template? Body,
        TimeSpan Timeout,
        IReadOnlyList<(string Name, string Path)> Capture);

    public const string ErrorPort = "error";
    private const int MaxRedirects = 5;
    private static readonly HashSet<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];
    private readonly HttpNodeOptions _options = options.Value.Http;
    private readonly FlowRunsLimits _limits = options.Value.Limits;

    public override string Name => "http";

    public override IReadOnlyList<string> Ports(Definitions.NodeDefinition node) => [Definitions.EdgeDefinition.DefaultPort, ErrorPort];

    public override bool IsOptionalPort(string port) => port == ErrorPort;

    public override bool HasExternalEffect(object config) => true;

    protected override Settings CompileConfig(NodeProblems problems)
    {
        var method = (problems.Node.GetString("method") ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method)) problems.Add("method", $"'method' must be one of {string.Join(", ", Methods)}.");
        var urlText = problems.RequireString("url");
        if (urlText is not null && !urlText.StartsWith("%{", StringComparison.Ordinal) &&
            !(urlText.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || urlText.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            problems.Add("url", "'url' must start with http:// or https://.");
        var url = problems.Template("url", urlText);
        var headers = new List<(string, Template)>();
        if (problems.Node.Get("headers") is JsonObject headerObject)
            foreach (var (name, value) in headerObject)
                if (problems.Template($"headers.{name}", value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString()) is { } t)
                    headers.Add((name, t));
        var bodyNode = problems.Node.Get("body");
        var body = problems.Template("body", bodyNode is JsonValue bv && bv.TryGetValue<string>(out var bodyText) ? bodyText : bodyNode?.ToJsonString());
        var timeout = problems.Duration("timeout", problems.Node.GetString("timeout")) ?? _options.DefaultTimeout;
        if (timeout > _options.MaxTimeout) problems.Add("timeout", $"'timeout' may be at most {_options.MaxTimeout.TotalSeconds} seconds.");
        var capture = new List<(string, string)>();
        if (problems.Node.Get("capture") is JsonObject captureObject)
            foreach (var (name, value) in captureObject)
            {
                var path = value is JsonValue pv && pv.TryGetValue<string>(out var p) ? p : null;
                if (path is null) { problems.Add($"capture.{name}", "A capture must be a JSONPath string such as $.id."); continue; }
                if (path.Contains("=~", StringComparison.Ordinal))
                {
                    problems.Add($"capture.{name}", "A capture may not use a regular-expression filter (=~): its time cannot be bounded. Capture the list and test it with a condition instead.");
                    continue;
                }
                try { new JObject().SelectToken(path); capture.Add((name, path)); }
                catch (Newtonsoft.Json.JsonException ex) { problems.Add($"capture.{name}", $"'{path}' is not a valid JSONPath: {ex.Message}"); }
            }
        return new Settings(method, url, headers, body, timeout, capture);
    }

    protected override async ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        var url = context.Render(config.Url!);
        var headers = config.Headers.Select(h => (h.Name, Value: context.Render(h.Value))).ToList();
        var body = config.Body is null ? null : context.Render(config.Body);
        context.WarnAboutMissing();
        var secrets = context.Run.SecretValues.ToList();
        context.Input["request"] = new Dictionary<string, object?>
        {
            ["method"] = config.Method,
            ["url"] = Redaction.Redact(url, secrets),
            ["headers"] = headers.ToDictionary(h => h.Name, h => (object?)(Redaction.IsSensitiveHeader(h.Name) ? Redaction.Mask : Redaction.Redact(h.Value, secrets))),
            ["body"] = body is null ? null : Redaction.Cap(Redaction.Redact(body, secrets), _options.MaxStoredBodyChars),
        };
        if (context.IsTest)
            return NodeResult.Next(output: new Dictionary<string, object?> { ["test"] = true, ["status"] = null });

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return NodeResult.Fail(FailureCodes.Create(FailureCodes.HttpError, $"'{Redaction.Redact(url, secrets)}' is not an http(s) URL."), ErrorPort);


        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(config.Timeout);
        var watch = Stopwatch.StartNew();
        context.RecordEvent("http.called", new Dictionary<string, object?> { ["method"] = config.Method, ["host"] = uri.Host });
        try
        {
            using var response = await SendFollowingRedirectsAsync(config.Method, uri, body, headers, timeout.Token);
            var text = await ReadBoundedAsync(response.Content, _limits.MaxHttpResponseBytes, timeout.Token);
            var status = (int)response.StatusCode;
            if (text is null)
                return NodeResult.Fail(FailureCodes.Create(FailureCodes.HttpResponseTooLarge,
                    $"{config.Method} {uri.Host} answered {status} with more than {_limits.MaxHttpResponseBytes:N0} bytes (FlowRuns:Limits:MaxHttpResponseBytes); the rest was not read."),
                    ErrorPort, new Dictionary<string, object?> { ["status"] = status, ["durationMs"] = Math.Round(watch.Elapsed.TotalMilliseconds, 1) });
            var output = new Dictionary<string, object?>
            {
                ["status"] = status,
                ["durationMs"] = Math.Round(watch.Elapsed.TotalMilliseconds, 1),
                ["response"] = Redaction.Cap(Redaction.Redact(text, secrets), _options.MaxStoredBodyChars),
            };
            if (!response.IsSuccessStatusCode)
                return NodeResult.Fail(FailureCodes.Create(FailureCodes.HttpError, $"{config.Method} {uri.Host} answered {status} {response.ReasonPhrase}."), ErrorPort, output);
            // Captures are evaluated off the walk, inside the step's timeout: a cancel or the timeout ends the step even if one is slow.
            var warnings = new List<string>();
            // The capture task never faults (CaptureAll hands its failure back, rethrown here as before), so one left behind by
            // a timeout or a cancel ends by itself — bounded by the response cap and the regex timeout — with nothing unobserved.
            var (captured, failure) = config.Capture.Count == 0 ? ([], null)
                : await Task.Run(() => CaptureAll(config.Capture, text, warnings), timeout.Token).WaitAsync(timeout.Token);
            failure?.Throw();
            foreach (var warning in warnings) context.Warn(warning);
            foreach (var (name, value) in captured) output[name] = value;
            return NodeResult.Next(output: output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NodeResult.Fail(FailureCodes.Create(FailureCodes.HttpTimeout, $"{config.Method} {uri.Host} did not answer within {config.Timeout.TotalSeconds:0.#} s."), ErrorPort);
        }
        catch (HttpRequestException ex) when (FindBlocked(ex) is { } blocked)
        {
            return NodeResult.Fail(FailureCodes.Create(FailureCodes.HttpBlockedTarget, $"The call to {uri.Host} was refused: {blocked.Message}"), ErrorPort);
        }
        catch (HttpRedirectRefusedException ex)
        {
            return NodeResult.Fail(FailureCodes.Create(FailureCodes.HttpRedirectRefused, ex.Message), ErrorPort);
        }
        catch (HttpRequestException ex)
        {
            return NodeResult.Fail(FailureCodes.Create(FailureCodes.HttpError, $"{config.Method} {uri.Host} failed: {ex.Message}"), ErrorPort);
        }
    }

    /// <summary>
    /// Sends the request and follows up to <see cref="MaxRedirects"/> redirects itself (the client follows none): within the
    /// same origin as given; to another origin without any header the flow set, and never with the body — a 307/308 that
    /// would resend it elsewhere fails the step (HTTP_REDIRECT_REFUSED). Every hop's address passes the target guard when
    /// its connection is made.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(string method, Uri uri, string? body, IReadOnlyList<(string Name, string Value)> headers,
        CancellationToken cancellationToken)
    {
        var current = uri;
        var flowHeaders = true;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), current);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse("application/json"));
            if (flowHeaders)
                foreach (var (name, value) in headers)
                    if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
            var response = await client.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return response;
            response.Dispose();
            if (hop >= MaxRedirects) throw new HttpRedirectRefusedException($"{uri.Host} redirected more than {MaxRedirects} times.");
            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                throw new HttpRedirectRefusedException($"{current.Host} redirected to a {next.Scheme} address; only http(s) is followed.");
            var sameOrigin = next.Scheme == uri.Scheme && string.Equals(next.Host, uri.Host, StringComparison.OrdinalIgnoreCase) && next.Port == uri.Port;
            if (status is 307 or 308)
            {
                if (!sameOrigin && body is not null)
                    throw new HttpRedirectRefusedException($"{current.Host} answered {status} to {next.Host}: following it would send the request's body to another origin, so it was not followed.");
            }
            else if (status == 303 || method is "POST" && status is 301 or 302)
            {
                method = "GET";
                body = null;
            }
            if (!sameOrigin) flowHeaders = false;
            current = next;
        }
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="maxBytes"/> (read no further than one buffer past it).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes) return null;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return null;
        }
        var charset = content.Headers.ContentType?.CharSet;
        Encoding encoding;
        try { encoding = string.IsNullOrEmpty(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"')); }
        catch (ArgumentException) { encoding = Encoding.UTF8; }
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static HttpBlockedTargetException? FindBlocked(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is HttpBlockedTargetException blocked) return blocked;
        return null;
    }

    private static (List<(string, object?)> Captured, System.Runtime.ExceptionServices.ExceptionDispatchInfo? Failure) CaptureAll(
        IReadOnlyList<(string Name, string Path)> capture, string text, List<string> warnings)
    {
        var captured = new List<(string, object?)>();
        try
        {
            foreach (var value in Capture(capture, text, warnings)) captured.Add(value);
            return (captured, null);
        }
        catch (Exception ex)
        {
            return (captured, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
        }
    }

    private static IEnumerable<(string, object?)> Capture(IReadOnlyList<(string Name, string Path)> capture, string text, List<string> warnings)
    {
        if (capture.Count == 0) yield break;
        JToken? json;
        try { json = JToken.Parse(text); }
        catch (Newtonsoft.Json.JsonException)
        {
            warnings.Add("The response is not JSON, so nothing was captured.");
            yield break;
        }
        foreach (var (name, path) in capture)
        {
            var token = json.SelectToken(path, new JsonSelectSettings { RegexMatchTimeout = TimeSpan.FromMilliseconds(100) });
            if (token is null) { warnings.Add($"capture '{name}': {path} matched nothing in the response."); yield return (name, null); continue; }
            yield return (name, Values.FromJson(JsonNode.Parse(token.ToString(Newtonsoft.Json.Formatting.None))));
        }
    }
}
