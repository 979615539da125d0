using FlowRuns.Engine.Execution;

namespace FlowRuns.Web.Demo;

/// <summary>The demo customers' events, shared by the live demo traffic and the demo history.</summary>
public static class DemoEvents
{
    private static readonly string[] Areas = ["north", "south", "east", "west"];

    /// <summary>A loan application of 1,250 to 19,750 (starts loan-approval).</summary>
    public static ContactEvent LoanSubmitted(string contactId, Random random) =>
        new(contactId, "loan.submitted", new Dictionary<string, object?> { ["amount"] = (decimal)(random.Next(5, 80) * 250) });

    /// <summary>An outage in the customer's area with a fix estimate (starts service-disruption).</summary>
    public static ContactEvent OutageDetected(string contactId, Random random) =>
        new(contactId, "outage.detected", new Dictionary<string, object?>
        {
            ["area"] = Areas[random.Next(Areas.Length)],
            ["eta"] = $"{random.Next(12, 23)}:00",
        });

    /// <summary>A savings nudge started for the customer through the API.</summary>
    public static StartRunRequest SavingsNudge(string contactId) => new("savings-nudge", RunTrigger.Api) { ContactId = contactId };

    /// <summary>One of the demo contacts, at random.</summary>
    public static string AnyContact(Random random) => $"c-{random.Next(1, DemoContacts.Count + 1)}";
}
