namespace FlowRuns.Engine.Nodes;

/// <summary>What a channel provider answered: a delivery status word and its response text.</summary>
public sealed record DeliveryOutcome(string Status, string ProviderResponse, bool InInbox)
{
    public bool Failed => Status is DeliveryStatuses.Failed;
}
