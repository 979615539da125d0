namespace FlowRuns.Engine.Execution;

/// <summary>No contact has that id.</summary>
public sealed class ContactNotFoundException(string id) : Exception($"No contact '{id}' exists; create it with PUT /api/contacts/{id}.")
{
    public string Id { get; } = id;
}
