using System.Text.Json.Nodes;
using FlowRuns.Web.Access;
using FlowRuns.Web.Authoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary>
/// <c>/api/flows/{key}/draft</c>: a flow's next version as it is authored. <c>GET</c> the draft (revision 0: none saved,
/// it is the current version), <c>PUT { revision, definition }</c> to save it (409 when someone saved since that
/// revision), <c>POST …/draft/publish { revision, name?, note? }</c> to publish it as the next version; and
/// <c>POST /api/flows/{key}/clone { key, name }</c>, a Draft copy of the flow under a new key.
/// </summary>
public static class DraftsApi
{
    public sealed record DraftSave(int? Revision, JsonObject? Definition);

    public sealed record DraftPublish(int? Revision, string? Name, string? Note);

    public sealed record CloneRequest(string? Key, string? Name);

    public static IEndpointRouteBuilder MapDraftsApi(this IEndpointRouteBuilder app)
    {
        var draft = app.MapGroup("/api/flows/{key}/draft").WithTags("Flows");
        draft.MapGet("", GetAsync).WithSummary("A flow's draft of its next version, with every problem publishing it would meet").RequireAuthorization(Roles.Policies.Read);
        draft.MapPut("", SaveAsync).WithSummary("Save the draft: { revision, definition } — 409 when it was saved since that revision")
            .Accepts<DraftSave>("application/json").RequireAuthorization(Roles.Policies.Operate);
        draft.MapPost("publish", PublishAsync).WithSummary("Publish the saved draft as the flow's next version: { revision, name?, note? }")
            .Accepts<DraftPublish>("application/json").RequireAuthorization(Roles.Policies.Operate);
        app.MapGet("/api/flows/{key}/export", ExportAsync).WithTags("Flows").WithSummary("A flow file to download: ?version=N, or ?version=draft (the draft, or the current version when none is saved)")
            .RequireAuthorization(Roles.Policies.Read);
        app.MapPost("/api/flows/{key}/clone", CloneAsync).WithTags("Flows").WithSummary("Clone the flow's current version as a new Draft flow: { key, name (≤ 50 characters) }")
            .Accepts<CloneRequest>("application/json").RequireAuthorization(Roles.Policies.Operate);
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(string key, string? version, FlowDrafts drafts, Engine.Persistence.Queries.FlowQueries flows,
        CancellationToken cancellationToken)
    {
        JsonObject? document;
        string suffix;
        if (version is null or "draft")
        {
            document = (await drafts.GetAsync(key, cancellationToken))?.Definition;
            suffix = "draft";
        }
        else if (int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            document = (await flows.GetAsync(key, number, cancellationToken))?.Definition;
            suffix = $"v{number}";
        }
        else return ApiProblems.BadRequest("version", "'version' is a version number or 'draft'.");
        if (document is null) return NoFlow(key);
        var bytes = System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return TypedResults.File(bytes, "application/json", $"{key}-{suffix}.json");
    }

    public static async Task<Results<Created<PublishResponse>, ProblemHttpResult>> CloneAsync(string key, HttpRequest request, NewFlows newFlows, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<CloneRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(body!.Key)) return ApiProblems.BadRequest("key", "'key' is the new flow's key (a-z, 0-9 and '-').");
        if (body.Name is null) return ApiProblems.BadRequest("name", $"'name' is the new flow's name (at most {NewFlows.MaxNameLength} characters).");
        switch (await newFlows.CloneAsync(key, body.Key, body.Name.Trim(), cancellationToken))
        {
            case NewFlows.Outcome.Created { Result: var result }:
                await audit.RecordAsync(Actor.From(request.HttpContext), AuditActions.FlowCloned, $"cloned from {key} as a Draft", flowKey: result.Key, cancellationToken: CancellationToken.None);
                return TypedResults.Created($"/api/flows/{result.Key}", new PublishResponse(result.Key, result.Version, true));
            case NewFlows.Outcome.Refused refused:
                return ApiProblems.BadRequest(refused.Field, refused.Message);
            case NewFlows.Outcome.KeyTaken taken:
                return TypedResults.Problem($"A flow with the key '{Shorten(taken.Key)}' already exists: choose another key.", title: "The key is taken.",
                    statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "key" });
            default:
                return NoFlow(key);
        }
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
        if (note?.Length > Engine.Execution.PublishOptions.MaxNoteLength) return ApiProblems.BadRequest("note", $"'note' (what changed) is at most {Engine.Execution.PublishOptions.MaxNoteLength} characters.");
        switch (await drafts.PublishAsync(key, revision, name, note, cancellationToken))
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
