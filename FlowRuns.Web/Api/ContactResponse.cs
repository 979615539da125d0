using System.Text.Json.Nodes;
using FlowRuns.Web.Access;

namespace FlowRuns.Web.Api;

/// <summary>A contact as the API returns it.</summary>
public sealed record ContactResponse(string Id, string? Name, string? Email, string? Phone, JsonNode? Attributes)
{
    /// <summary>The contact as <paramref name="reader"/> may see it: email and phone masked for a viewer.</summary>
    public static ContactResponse For(Actor reader, string id, string? name, string? email, string? phone, JsonNode? attributes) =>
        reader.SeesContactDetails ? new(id, name, email, phone, attributes) : new(id, name, PiiMask.Email(email), PiiMask.Phone(phone), attributes);
}
