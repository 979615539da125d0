using System.Text.Json.Nodes;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;

namespace FlowRuns.Web.Api;

/// <summary>
/// What a reader of the API sees of contacts' email and phone: everything for a manager or owner; for a viewer, delivery
/// recipients and send steps' recipients masked (<see cref="PiiMask"/>). Values a flow copied into its own variables are
/// the flow's data and are not rewritten.
/// </summary>
public static class ContactDetailMask
{
    public static IReadOnlyList<DeliveryView> Deliveries(Actor reader, IReadOnlyList<DeliveryView> deliveries) =>
        reader.SeesContactDetails ? deliveries : deliveries.Select(d => d with { Recipient = PiiMask.Recipient(d.Recipient) }).ToList();

    public static RunDetail Run(Actor reader, RunDetail run) => reader.SeesContactDetails ? run : run with
    {
        Deliveries = Deliveries(reader, run.Deliveries),
        Steps = run.Steps.Select(step => step.Output is JsonObject output && output["recipient"] is JsonValue recipient && recipient.TryGetValue<string>(out var to)
            ? step with { Output = WithRecipient(output, PiiMask.Recipient(to)) }
            : step).ToList(),
    };

    private static JsonObject WithRecipient(JsonObject output, string? recipient)
    {
        var copy = output.DeepClone().AsObject();
        copy["recipient"] = recipient;
        return copy;
    }
}
