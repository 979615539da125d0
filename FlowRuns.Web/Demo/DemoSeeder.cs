using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Demo;

/// <summary>
/// On the first start of an empty store: publishes the demo flows (subflow targets first), creates the demo contacts and
/// plays out the demo history. It is a startup task, so it finishes before the scheduler wakes any timer.
/// </summary>
public sealed class DemoSeeder(FlowCatalog catalog, ContactStore contacts, Engine.Persistence.Queries.FlowQueries flows, DemoHistory history,
    IOptions<DemoOptions> options, ILogger<DemoSeeder> logger) : IEngineStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Seed || (await flows.ListAsync(cancellationToken)).Count > 0) return;
        var pending = DemoFlows.Load().ToList();
        while (pending.Count > 0)
        {
            var published = new List<FlowDefinition>();
            foreach (var flow in pending)
            {
                try
                {
                    await catalog.PublishAsync(flow, cancellationToken);
                    published.Add(flow);
                }
                catch (FlowDefinitionException) when (pending.Count > 1)
                {
                    // Probably names a subflow not yet published: try again after the others.
                }
            }
            if (published.Count == 0) throw new InvalidOperationException("The demo flows could not be published: " + string.Join(", ", pending.Select(p => p.Key)));
            pending.RemoveAll(published.Contains);
        }
        foreach (var contact in DemoContacts.Create())
            await contacts.UpsertAsync(contact.Id, contact.Name, contact.Email, contact.Phone, contact.Attributes, cancellationToken);
        logger.LogInformation("Demo seeded: {Flows} flows and {Contacts} contacts", DemoFlows.Load().Count, DemoContacts.Create().Count);
        if (!options.Value.History) return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var count = await history.SeedAsync(cancellationToken);
        logger.LogInformation("Demo history: {Runs} runs over the last 30 days, played out in {Seconds:0.0} s", count, clock.Elapsed.TotalSeconds);
    }
}
