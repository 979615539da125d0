using System.Text.Json.Nodes;
using FlowRuns.Web.Access;
using FlowRuns.Web.Authoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary>
/// <c>/api/flows/{key}/draft</c>: a flow's next version as it is authored. <c>GET</c> the draft (revision 0: none saved,
/// it is the current version), <c>PUT { revision, definition }</c> to save it (409 when someone saved since that
/// revision), <c>POST …/draft/publish { revision, name?, note? }</c> to publish it as the next version.
/// </summary>
public static class DraftsApi
{
    public sealed record DraftSave(int? Revision, JsonObject? Definition);

    public sealed record DraftPublish(int? Revision, string? Name, string? Note);

    public static IEndpointRouteBuilder MapDraftsApi(this IEndpointRouteBuilder app)
    {
        var draft = app.MapGroup("/api/flows/{key}/draft").WithTags("Flows");
        draft.MapGet("", GetAsync).WithSummary("A flow's draft of its next version, with every problem publishing it would meet").RequireAuthorization(Roles.Policies.Read);
        draft.MapPut("", SaveAsync).WithSummary("Save the draft: { revision, definition } — 409 when it was saved since that revision")
            .Accepts<DraftSave>("application/json").RequireAuthorization(Roles.Policies.Operate);
        draft.MapPost("publish", PublishAsync).WithSummary("Publish the saved draft as the flow's next version: { revision, name?, note? }")
            .Accepts<DraftPublish>("application/json").RequireAuthorization(Roles.Policies.Operate);
        return app;
    }

    public static async Task<Results<Ok<DraftView>, ProblemHttpResult>> GetAsync(string key, FlowDrafts drafts, CancellationToken cancellationToken) =>
        await drafts.GetAsync(key, cancellationToken) is { } draft ? TypedResults.Ok(draft) : NoFlow(key);

    public static async Task<Results<Ok<DraftView>, ProblemHttpResult>> SaveAsync(string key, HttpRequest request, FlowDrafts drafts, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<DraftSave>(request, cancellationToken);
        if (problem is not null) return problem;
        if (body!.Revision is not { } revision || revision < 0)
            return ApiProblems.BadRequest("revision", "'revision' is the draft's revision the change was made to (0 when none was saved yet).");
        if (body.Definition is null) return ApiProblems.BadRequest("definition", "'definition' is the flow document (the format POST /api/flows takes).");
        return await drafts.SaveAsync(key, body.Definition, revision, Actor.From(request.HttpContext).Name, cancellationToken) switch
        {
            FlowDrafts.SaveOutcome.Saved saved => TypedResults.Ok(saved.Draft),
            FlowDrafts.SaveOutcome.Conflict conflict => Conflict(conflict.Expected, conflict.Current),
            FlowDrafts.SaveOutcome.Refused refused => ApiProblems.BadRequest(refused.Field, refused.Message),
            _ => NoFlow(key),
        };
    }

    public static async Task<Results<Created<PublishResponse>, Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(string key, HttpRequest request,
        FlowDrafts drafts, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<DraftPublish>(request, cancellationToken);
        if (problem is not null) return problem;
        if (body!.Revision is not { } revision || revision < 1)
            return ApiProblems.BadRequest("revision", "'revision' is the saved draft's revision being published.");
        var name = string.IsNullOrWhiteSpace(body.Name) ? null : body.Name.Trim();
        if (name?.Length > FlowDrafts.MaxNameLength) return ApiProblems.BadRequest("name", $"'name' (the version's name) is at most {FlowDrafts.MaxNameLength} characters.");
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        if (note?.Length > FlowDrafts.MaxNoteLength) return ApiProblems.BadRequest("note", $"'note' (what changed) is at most {FlowDrafts.MaxNoteLength} characters.");
        switch (await drafts.PublishAsync(key, revision, name, cancellationToken))
        {
            case FlowDrafts.PublishOutcome.Published { Result: var result }:
                var response = new PublishResponse(result.Key, result.Version, result.Created);
                await audit.RecordAsync(Actor.From(request.HttpContext), AuditActions.Publish,
                    (result.Created ? $"version {result.Version} published from the draft" : $"the draft is identical to version {result.Version}; nothing published")
                    + (note is null ? "" : $": {note}"), flowKey: key, cancellationToken: CancellationToken.None);
                return result.Created ? TypedResults.Created($"/api/flows/{result.Key}?version={result.Version}", response) : TypedResults.Ok(response);
            case FlowDrafts.PublishOutcome.HasProblems { Problems: var problems }:
                return ApiProblems.Definition(problems);
            case FlowDrafts.PublishOutcome.Conflict conflict:
                return Conflict(conflict.Expected, conflict.Current);
            default:
                return ApiProblems.NotFound($"Flow '{Shorten(key)}' has no saved draft to publish.", "key");
        }
    }

    private static ProblemHttpResult Conflict(int expected, DraftView current) => TypedResults.Problem(
        $"The draft was saved by {current.SavedBy ?? "someone"} at {current.SavedAt:u} (revision {current.Revision}) since revision {expected} was read: reload it, or save again over revision {current.Revision}.",
        title: "The draft changed since it was read.", statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["revision"] = current.Revision, ["savedBy"] = current.SavedBy, ["savedAt"] = current.SavedAt });

    private static ProblemHttpResult NoFlow(string key) => ApiProblems.NotFound($"No flow '{Shorten(key)}' is published.", "key");

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
