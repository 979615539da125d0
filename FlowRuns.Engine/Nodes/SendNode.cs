using System.Text.Json.Nodes;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Engine.Nodes;

/// <summary>
/// Renders a message and delivers it through the channel provider. No recipient fails the step with MISSING_DATA;
/// an opted-out contact (<c>smsOptOut</c>, <c>emailOptOut</c>, <c>pushOptOut</c>) skips it with a warning and a suppressed delivery.
/// </summary>
public sealed class SendNode(IChannelProvider provider) : NodeType<SendNode.Settings>
{
    public sealed record Settings(string Channel, Template? Title, Template? Body, Template? To, IReadOnlyList<string> Actions);

    public static readonly IReadOnlySet<string> Channels = new HashSet<string> { "card", "sms", "email", "push" };

    public override string Name => "send";

    public override bool HasExternalEffect(object config) => !provider.IsTransactional;

    protected override Settings CompileConfig(NodeProblems problems)
    {
        var channel = problems.RequireString("channel") ?? "";
        if (channel.Length > 0 && !Channels.Contains(channel))
            problems.Add("channel", $"'channel' must be one of {string.Join(", ", Channels)}; '{channel}' is not.");
        var body = problems.Template("body", problems.RequireString("body"));
        var title = problems.Template("title", problems.Node.GetString("title"));
        var to = problems.Template("to", problems.Node.GetString("to"));
        var actions = new List<string>();
        if (problems.Node.Get("actions") is { } actionsNode)
        {
            if (actionsNode is JsonArray array && array.All(a => a is JsonValue v && v.TryGetValue<string>(out _)))
                actions.AddRange(array.Select(a => a!.GetValue<string>()));
            else problems.Add("actions", "'actions' must be a list of button names, e.g. [\"complete\", \"dismiss\"].");
        }
        return new Settings(channel, title, body, to, actions);
    }

    protected override async ValueTask<NodeResult> ExecuteAsync(NodeContext context, Settings config, CancellationToken cancellationToken)
    {
        var contact = context.Run.Contact;
        var recipient = config.To is not null ? context.Render(config.To) : config.Channel switch
        {
            "sms" => contact.Phone,
            "email" => contact.Email,
            _ => contact.Id,
        };
        var title = config.Title is null ? null : context.Render(config.Title);
        var body = context.Render(config.Body!);
        context.WarnAboutMissing();
        var output = new Dictionary<string, object?> { ["channel"] = config.Channel, ["recipient"] = recipient, ["title"] = title, ["body"] = body };

        if (string.IsNullOrWhiteSpace(recipient))
        {
            var what = config.Channel switch { "sms" => "phone number", "email" => "email address", _ => "recipient" };
            return NodeResult.Fail(FailureCodes.Create(FailureCodes.MissingData,
                $"Contact {contact.Id} has no {what}, so the {config.Channel} could not be sent."), output: output);
        }

        var deliveryId = Guid.CreateVersion7(context.Now);
        if (Values.IsTrue(contact.Field($"{config.Channel}OptOut")))
        {
            context.Warn($"{FailureCodes.OptedOut}: contact {contact.Id} opted out of {config.Channel}; nothing was sent.");
            context.RecordDelivery(new DeliveryDraft(deliveryId, config.Channel, recipient, DeliveryStatuses.Suppressed,
                $"suppressed: {config.Channel}OptOut", title, body, config.Actions, InInbox: false));
            output["deliveryId"] = deliveryId.ToString("N");
            return NodeResult.Skip(Definitions.EdgeDefinition.DefaultPort, output);
        }

        if (context.IsTest)
        {
            output["wouldSend"] = true;
            context.RecordEvent($"{config.Channel}.sent", new Dictionary<string, object?> { ["test"] = true });
            return NodeResult.Next(output: output);
        }

        var message = new OutboundMessage(deliveryId, context.Step.IdempotencyKey, config.Channel, recipient, contact.Id, title, body, config.Actions);
        var outcome = await provider.DeliverAsync(message, cancellationToken);
        context.RecordDelivery(new DeliveryDraft(deliveryId, config.Channel, recipient, outcome.Status, outcome.ProviderResponse,
            title, body, config.Actions, outcome.InInbox));
        output["deliveryId"] = deliveryId.ToString("N");
        if (outcome.Failed)
            return NodeResult.Fail(FailureCodes.Create(FailureCodes.DeliveryFailed, $"The {config.Channel} provider refused the message: {outcome.ProviderResponse}"), output: output);
        context.RecordEvent($"{config.Channel}.sent", new Dictionary<string, object?> { ["deliveryId"] = deliveryId.ToString("N") });
        return NodeResult.Next(output: output);
    }
}
