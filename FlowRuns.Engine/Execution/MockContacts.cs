using FlowRuns.Engine.Persistence;

namespace FlowRuns.Engine.Execution;

/// <summary>The mock contact of a test run, stored with the run (it is not a stored contact).</summary>
internal static class MockContacts
{
    public static Dictionary<string, object?> ToMap(ContactSnapshot contact) => new()
    {
        ["id"] = contact.Id,
        ["name"] = contact.Name,
        ["email"] = contact.Email,
        ["phone"] = contact.Phone,
        ["attributes"] = contact.Attributes,
    };

    public static ContactSnapshot FromJson(string json)
    {
        var map = StoredJson.ReadMap(json);
        return new ContactSnapshot(
            map.GetValueOrDefault("id") as string ?? "test-contact",
            map.GetValueOrDefault("name") as string,
            map.GetValueOrDefault("email") as string,
            map.GetValueOrDefault("phone") as string,
            map.GetValueOrDefault("attributes") as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>());
    }
}
