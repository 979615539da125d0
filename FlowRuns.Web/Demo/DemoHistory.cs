using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Demo;

/// <summary>
/// The demo's past month (<c>FlowRuns:Demo:History</c>, <c>HistoryRuns</c>): real runs of the demo flows, walked by a
/// second engine whose clock is set to moments of the last 30 days — loans submitted, outages, savings nudges, and
/// customers who complete or dismiss their cards (or let the wait time out) minutes to days later. Every step, event,
/// delivery and figure is what the engine itself recorded; only "now" was moved. Runs whose next moment is still in the
/// future are left waiting for the live app to carry on.
/// </summary>
public sealed class DemoHistory(IServiceProvider services, RunQueries runs, TimeProvider time, IOptions<DemoOptions> options)
{
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var random = new Random(20261123);
        var clock = new HistoryClock(now.AddDays(-30));
        await using var engine = ActivatorUtilities.CreateInstance<FlowEngine>(services, clock);
        var router = ActivatorUtilities.CreateInstance<EventRouter>(services, clock, engine);
        var starts = Enumerable.Range(0, options.Value.HistoryRuns)
            .Select(_ => now - TimeSpan.FromMinutes(10 + random.NextDouble() * 30 * 24 * 60)).Order().ToList();
        var count = 0;
        foreach (var start in starts)
        {
            clock.Set(start);
            var contact = DemoEvents.AnyContact(random);
            IReadOnlyList<string> started;
            switch (random.Next(20))
            {
                case < 9:
                    started = (await router.PostAsync(DemoEvents.LoanSubmitted(contact, random), cancellationToken)).Started;
                    break;
                case < 14:
                    started = (await router.PostAsync(DemoEvents.OutageDetected(contact, random), cancellationToken)).Started;
                    break;
                default:
                    var nudge = await engine.StartAsync(DemoEvents.SavingsNudge(contact), cancellationToken);
                    await nudge.Committed;
                    started = [nudge.Id.ToString("N")];
                    break;
            }
            foreach (var id in started)
            {
                await PlayOutAsync(engine, router, clock, Guid.Parse(id), now, random, cancellationToken);
                count++;
            }
        }
        return count;
    }

    /// <summary>Walks one run through its waits as its customer would have acted, until it ends or its next moment is after <paramref name="now"/>.</summary>
    private async Task PlayOutAsync(FlowEngine engine, EventRouter router, HistoryClock clock, Guid id, DateTimeOffset now, Random random, CancellationToken cancellationToken)
    {
        for (var turn = 0; turn < 10; turn++)
        {
            var run = await SettledAsync(engine, id, cancellationToken);
            if (run.Status != nameof(RunStatus.Waiting)) return;
            DateTimeOffset? acts = null;
            if (run.WaitingFor is "card.completed" or "card.dismissed" && random.NextDouble() < 0.65)
                acts = clock.GetUtcNow() + TimeSpan.FromMinutes(2 + random.NextDouble() * (run.WaitingFor == "card.dismissed" ? 240 : 2000));
            if (acts is { } at && (run.WakeAt is null || at < run.WakeAt))
            {
                if (at > now) return;
                var card = run.Deliveries.LastOrDefault(d => d.Channel == "card");
                var properties = new Dictionary<string, object?> { ["runId"] = run.Id };
                if (card is not null)
                {
                    properties["deliveryId"] = card.Id;
                    clock.Set(at - TimeSpan.FromMinutes(1));
                    await router.PostAsync(new ContactEvent(run.ContactId, "card.viewed", properties), cancellationToken);
                }
                clock.Set(at);
                await router.PostAsync(new ContactEvent(run.ContactId, run.WaitingFor!, properties), cancellationToken);
            }
            else if (run.WakeAt is { } wake && wake <= now)
            {
                clock.Set(wake);
                await engine.ResumeAsync(id, new ResumeReason.Timer("demo history"), cancellationToken);
            }
            else return;
        }
    }

    /// <summary>The run once nothing is walking it: ended, or waiting for a customer or a timer (not for a subflow child).</summary>
    private async Task<RunDetail> SettledAsync(FlowEngine engine, Guid id, CancellationToken cancellationToken)
    {
        var idle = 0;
        while (true)
        {
            var run = await runs.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Demo run {id:N} is not stored.");
            var walking = run.Status is nameof(RunStatus.Running) or nameof(RunStatus.Pending)
                || run.WaitingForChildRunId is not null;
            if (!walking && engine.ActiveCount == 0) return run;
            // Stored as walking while this engine walks nothing: its walk stopped (a lost lease) and nobody carries it on
            // before the app's recovery starts — recover it here, as the app would, rather than wait forever.
            if (engine.ActiveCount == 0 && ++idle >= 50)
            {
                idle = 0;
                await engine.RecoverAsync(cancellationToken);
            }
            await Task.Delay(2, cancellationToken);
        }
    }
}
