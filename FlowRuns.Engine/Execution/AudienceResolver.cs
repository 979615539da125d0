using FlowRuns.Engine.Expressions;
using FlowRuns.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Finds the contacts an audience expression matches (<c>%{area} == "north"</c>, <c>%{contact.email} != null</c>),
/// reading contacts in pages. A contact whose attributes make the expression fail does not match.
/// </summary>
public sealed class AudienceResolver(IDbContextFactory<FlowRunsDbContext> contexts, TimeProvider time, ILogger<AudienceResolver> logger)
{
    private const int Page = 5000;

    /// <summary>Parses an audience expression; throws <see cref="ExpressionException"/> when it is not one.</summary>
    public static CompiledExpression Parse(string audience) => CompiledExpression.Parse(audience);

    /// <summary>The ids of every contact the audience matches (every contact when it is null).</summary>
    public async Task<IReadOnlyList<string>> MatchAsync(CompiledExpression? audience, CancellationToken cancellationToken = default)
    {
        var matched = new List<string>();
        var failed = 0;
        string? after = null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var page = await db.Contacts.AsNoTracking()
                .Where(c => after == null || string.Compare(c.Id, after) > 0)
                .OrderBy(c => c.Id).Take(Page).ToListAsync(cancellationToken);
            if (page.Count == 0) break;
            foreach (var contact in page)
            {
                if (audience is null) { matched.Add(contact.Id); continue; }
                var source = new RunVariables(ContactStore.ToSnapshot(contact), [], null, [], new Dictionary<string, string>(), time);
                try
                {
                    if (Values.IsTrue(audience.Evaluate(source, new ResolutionLog()))) matched.Add(contact.Id);
                }
                catch (ExpressionEvaluationException)
                {
                    failed++;
                }
            }
            after = page[^1].Id;
        }
        if (failed > 0) logger.LogInformation("The audience {Audience} could not be evaluated for {Count} contacts; they were left out", audience?.Text, failed);
        return matched;
    }
}
