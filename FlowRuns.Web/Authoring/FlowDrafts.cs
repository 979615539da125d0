using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// Drafts of flows' next versions: read (the saved draft, or the current version when none is saved), saved against the
/// revision the editor read (a stale revision is a conflict), and published as the next version — exactly what
/// <c>POST /api/flows</c> does with the same document — after which the draft is gone.
/// </summary>
public sealed class FlowDrafts(IDbContextFactory<AccessDbContext> contexts, FlowQueries flows, FlowCatalog catalog, FlowCompiler compiler, TimeProvider time)
{
    /// <summary>The longest version name a publish takes (the change note: <see cref="PublishOptions.MaxNoteLength"/>).</summary>
    public const int MaxNameLength = 100;

    public abstract record SaveOutcome
    {
        public sealed record Saved(DraftView Draft) : SaveOutcome;

        /// <summary>Someone saved since the editor read revision <c>Expected</c>: the stored draft is <c>Current</c>.</summary>
        public sealed record Conflict(int Expected, DraftView Current) : SaveOutcome;

        public sealed record Refused(string Field, string Message) : SaveOutcome;

        public sealed record NoFlow : SaveOutcome;
    }

    public abstract record PublishOutcome
    {
        public sealed record Published(PublishResult Result) : PublishOutcome;

        public sealed record HasProblems(IReadOnlyList<DefinitionProblem> Problems) : PublishOutcome;

        public sealed record Conflict(int Expected, DraftView Current) : PublishOutcome;

        public sealed record NoDraft : PublishOutcome;
    }

    /// <summary>The flow's draft — the saved one, or (revision 0) its current version — with its problems; null when no flow has that key.</summary>
    public async Task<DraftView?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var saved = await db.FlowDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.FlowKey == key, cancellationToken);
        if (saved is not null) return await ViewAsync(saved, cancellationToken);
        var current = await flows.GetAsync(key, cancellationToken: cancellationToken);
        if (current is null) return null;
        var definition = (JsonObject)current.Definition.DeepClone();
        return new DraftView(key, 0, current.CurrentVersion, null, null, definition, await ProblemsAsync(definition, cancellationToken));
    }

    /// <summary>Saves <paramref name="definition"/> as the draft if it is still at <paramref name="revision"/> (0: none saved yet).</summary>
    public async Task<SaveOutcome> SaveAsync(string key, JsonObject definition, int revision, string by, CancellationToken cancellationToken = default)
    {
        if (definition["key"] is not JsonValue documentKey || documentKey.GetValueKind() != System.Text.Json.JsonValueKind.String || documentKey.GetValue<string>() != key)
            return new SaveOutcome.Refused("key", $"The draft's 'key' must be the flow's key, '{key}'.");
        var current = await flows.GetAsync(key, cancellationToken: cancellationToken);
        if (current is null) return new SaveOutcome.NoFlow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var text = definition.ToJsonString();
        var savedBy = by.Length <= 256 ? by : by[..256];
        bool saved;
        if (revision == 0)
        {
            db.FlowDrafts.Add(new FlowDraft { FlowKey = key, Definition = text, Revision = 1, BasedOnVersion = current.CurrentVersion, SavedBy = savedBy, SavedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                saved = true;
            }
            catch (DbUpdateException ex) when (Engine.Persistence.StoreErrors.IsUniqueViolation(ex))
            {
                saved = false; // someone saved the first revision first
            }
        }
        else
        {
            saved = await db.FlowDrafts.Where(d => d.FlowKey == key && d.Revision == revision)
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.Definition, text).SetProperty(x => x.Revision, revision + 1)
                    .SetProperty(x => x.SavedBy, savedBy).SetProperty(x => x.SavedAt, now), cancellationToken) == 1;
        }
        var stored = (await GetAsync(key, cancellationToken))!;
        return saved ? new SaveOutcome.Saved(stored) : new SaveOutcome.Conflict(revision, stored);
    }

    /// <summary>
    /// Publishes the saved draft (still at <paramref name="revision"/>) as the flow's next version named
    /// <paramref name="name"/> with its change <paramref name="note"/>, then removes it; the draft's problems refuse it.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(string key, int revision, string? name, string? note, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var draft = await db.FlowDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.FlowKey == key, cancellationToken);
        if (draft is null) return new PublishOutcome.NoDraft();
        if (draft.Revision != revision) return new PublishOutcome.Conflict(revision, await ViewAsync(draft, cancellationToken));
        var document = (JsonObject)JsonNode.Parse(draft.Definition)!;
        if (name is not null) document["versionName"] = name;
        FlowDefinition definition;
        try
        {
            definition = FlowJson.Parse(document);
        }
        catch (FlowDefinitionException ex)
        {
            return new PublishOutcome.HasProblems(compiler.AllProblems(ex));
        }
        try
        {
            var result = await catalog.PublishAsync(definition, new PublishOptions(note), cancellationToken);
            // Removed only as it was published: a save that came in meanwhile stays (the editor sees its revision moved on).
            await db.FlowDrafts.Where(d => d.FlowKey == key && d.Revision == revision).ExecuteDeleteAsync(cancellationToken);
            return new PublishOutcome.Published(result);
        }
        catch (FlowDefinitionException ex)
        {
            return new PublishOutcome.HasProblems(ex.Problems);
        }
    }

    private async Task<DraftView> ViewAsync(FlowDraft draft, CancellationToken cancellationToken)
    {
        var definition = JsonNode.Parse(draft.Definition) as JsonObject ?? [];
        return new DraftView(draft.FlowKey, draft.Revision, draft.BasedOnVersion, draft.SavedBy, draft.SavedAt, definition, await ProblemsAsync(definition, cancellationToken));
    }

    /// <summary>Every publish rule the document breaks, all at once (the same checks as publishing).</summary>
    public async Task<IReadOnlyList<DraftProblem>> ProblemsAsync(JsonObject document, CancellationToken cancellationToken = default)
    {
        try
        {
            var definition = FlowJson.Parse(document.DeepClone());
            return (await catalog.ProblemsAsync(definition, cancellationToken)).Select(DraftProblem.From).ToList();
        }
        catch (FlowDefinitionException ex)
        {
            return compiler.AllProblems(ex).Select(DraftProblem.From).ToList();
        }
    }
}
