using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Api;

/// <summary>Reads a JSON body by hand, so a malformed or oversized one gets a problem that says where and why.</summary>
public static class RequestBody
{
    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var max = request.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        if (request.ContentLength > max) return (null, TooLarge());
        try
        {
            // Read at most one byte past the limit, whatever the server in front enforces.
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max) return (null, TooLarge());
            }
            buffer.Position = 0;
            var node = await JsonNode.ParseAsync(buffer, cancellationToken: cancellationToken);
            return node is JsonObject obj ? (obj, null) : (null, ApiProblems.BadRequest("$", "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.BadRequest(ex.Path ?? "$", $"The body is not valid JSON: {ex.Message}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
    }

    private static ProblemHttpResult TooLarge() =>
        ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "The body is larger than this API accepts (FlowRuns:Api:MaxRequestBodyBytes).");

    public static string? Text(JsonObject body, string name) =>
        body.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Reads an optional object member; an error when it is present and not an object.</summary>
    public static bool TryObject(JsonObject body, string name, out JsonObject? value)
    {
        value = null;
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return true;
        value = node as JsonObject;
        return value is not null;
    }
}
