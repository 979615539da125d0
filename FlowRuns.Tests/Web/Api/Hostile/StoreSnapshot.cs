using FlowRuns.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>What a refused request must leave as it was: the count of every table a request can write to, and the contacts' text.</summary>
internal sealed record StoreSnapshot(int Flows, int Versions, int Contacts, int Runs, int Steps, int AcceptedEvents, int Inbox, int Deliveries, string ContactText)
{
    public static async Task<StoreSnapshot> TakeAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FlowRunsDbContext>>().CreateDbContextAsync();
        var contacts = await db.Contacts.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id + "|" + c.Name + "|" + c.Email + "|" + c.Phone + "|" + c.Attributes).ToListAsync();
        return new StoreSnapshot(await db.Flows.CountAsync(), await db.FlowVersions.CountAsync(), contacts.Count, await db.Runs.CountAsync(),
            await db.Steps.CountAsync(), await db.AcceptedEvents.CountAsync(), await db.RunInbox.CountAsync(), await db.Deliveries.CountAsync(),
            string.Join("\n", contacts));
    }
}
