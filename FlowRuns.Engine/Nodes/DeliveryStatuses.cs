namespace FlowRuns.Engine.Nodes;

/// <summary>The statuses of a delivery attempt.</summary>
public static class DeliveryStatuses
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
}
