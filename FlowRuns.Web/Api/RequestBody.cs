using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FlowRuns.Engine.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Api;

/// <summary>
/// Reads a JSON body strictly (see <see cref="StrictJson"/>) and binds it to a typed request record: a member of the
/// wrong type (a string where a boolean belongs), an unknown member, a duplicate, a number out of range or a body over
/// the size limit is a 400/413 problem naming the field — never a 500.
/// </summary>
public static class RequestBody
{
    /// <summary>Strict binding: no numbers from strings, no unknown members, no duplicates, names in camelCase.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
    };

    /// <summary>Reads the body as <typeparamref name="T"/>; an empty body (no bytes) reads as <paramref name="empty"/> when one is given.</summary>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken, T? empty = null)
        where T : class
    {
        var (node, problem) = await ReadNodeAsync(request, cancellationToken, allowEmpty: empty is not null);
        if (problem is not null) return (null, problem);
        if (node is null && empty is not null && IsEmpty(request)) return (empty, null);
        if (node is not JsonObject) return (null, ApiProblems.BadRequest("$", "The body must be a JSON object."));
        try
        {
            var body = node.Deserialize<T>(Options);
            return body is null ? (null, ApiProblems.BadRequest("$", "The body must be a JSON object.")) : (body, null);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            if (UnknownMember(ex) is { } unknown)
            {
                if (!field.EndsWith(unknown, StringComparison.Ordinal)) field = field == "$" ? unknown : $"{field}.{unknown}";
                return (null, ApiProblems.BadRequest(field, $"'{field}' is not a member this request knows."));
            }
            return (null, ApiProblems.BadRequest(field, Describe<T>(field)));
        }
    }

    /// <summary>Reads the body as a JSON tree (for documents with a format of their own, such as a flow).</summary>
    public static async Task<(JsonNode? Body, ProblemHttpResult? Problem)> ReadNodeAsync(HttpRequest request, CancellationToken cancellationToken, bool allowEmpty = false)
    {
        var max = request.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        if (request.ContentLength > max) return (null, TooLarge());
        byte[] bytes;
        try
        {
            // Read at most one chunk past the limit, whatever the server in front enforces.
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max) return (null, TooLarge());
            }
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        if (bytes.Length == 0 || bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            request.HttpContext.Items[EmptyBody] = true;
            return allowEmpty ? (null, null) : (null, ApiProblems.BadRequest("$", "The body is empty; a JSON object is required."));
        }
        try
        {
            return (StrictJson.Parse(bytes), null);
        }
        catch (StrictJsonException ex)
        {
            return (null, ApiProblems.BadRequest(ex.Field, ex.Message));
        }
    }

    private static readonly object EmptyBody = new();

    private static bool IsEmpty(HttpRequest request) => request.HttpContext.Items.ContainsKey(EmptyBody);

    private static ProblemHttpResult TooLarge() =>
        ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "The body is larger than this API accepts (FlowRuns:Api:MaxRequestBodyBytes).");

    private static string FieldOf(string? path) => path is null or "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The member an "unmapped member" refusal names (the serializer says it only in its message).</summary>
    private static string? UnknownMember(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? StrictJson.Quoted(ex.Message, "The JSON property '") : null;

    /// <summary>"'test' must be true or false." — from the record's own member types, not the serializer's wording.</summary>
    private static string Describe<T>(string field)
    {
        var member = Member(typeof(T), field);
        if (member is null) return $"'{field}' is not valid here.";
        var type = Nullable.GetUnderlyingType(member) ?? member;
        var expected = type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "a string"
            : type == typeof(int) || type == typeof(long) ? "a whole number"
            : type.IsClass ? "a JSON object"
            : type.Name;
        return $"'{field}' must be {expected}.";
    }

    private static Type? Member(Type type, string field)
    {
        Type? current = type;
        foreach (var part in field.Split('.'))
        {
            var property = current?.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.Name, part, StringComparison.OrdinalIgnoreCase));
            if (property is null) return null;
            current = property.PropertyType;
        }
        return current;
    }
}
