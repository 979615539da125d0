using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>Routes a contact event: starts a run of every active flow whose trigger is that event name.</summary>
public sealed class EventRouter(FlowCatalog catalog, FlowEngine engine, ILogger<EventRouter> logger)
{
    public async Task<EventOutcome> PostAsync(ContactEvent contactEvent, CancellationToken cancellationToken = default)
    {
        var started = new List<string>();
        var failures = new List<EventFailure>();
        foreach (var flowKey in await catalog.FlowsTriggeredByAsync(contactEvent.Name, cancellationToken))
        {
            try
            {
                var run = await engine.StartAsync(new StartRunRequest(flowKey, RunTrigger.Event)
                {
                    ContactId = contactEvent.ContactId,
                    Event = contactEvent.AsVariables(),
                }, cancellationToken);
                await Task.WhenAny(run.Committed, run.Settled);
                started.Add(run.Id.ToString("N"));
            }
            catch (Exception ex) when (ex is FlowNotActiveException or FlowNotFoundException)
            {
                logger.LogInformation("Event {Event} did not start {Flow}: {Reason}", contactEvent.Name, flowKey, ex.Message);
                failures.Add(new EventFailure(contactEvent.ContactId, flowKey, ex.Message));
            }
        }
        return new EventOutcome(started, [], failures);
    }
}
