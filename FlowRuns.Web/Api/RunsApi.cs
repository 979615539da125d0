using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Web.Access;
using FlowRuns.Web.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/runs</c> and <c>/api/flows/{key}/runs</c>: start runs, list them, read one with every step.</summary>
public static class RunsApi
{
    /// <summary>How long a start waits for the run to settle (end or wait) before answering with the status it has.</summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/flows/{key}/runs", StartAsync).WithTags("Runs").WithSummary("Start a run").Accepts<StartRunBody>("application/json")
            .RequireRateLimiting(RateLimits.RunStarts).RequireAuthorization(Roles.Policies.Ingest);
        var runs = app.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(Roles.Policies.Read);
        runs.MapGet("", ListAsync).WithSummary("List runs, newest first (filters: status, flow, version, contact, trigger, range, from, to, test, errorCode, node, limit, cursor)");
        runs.MapGet("{id}", GetAsync).WithSummary("One run with its steps, resolutions, events and deliveries");
        return app;
    }

    public static async Task<Results<Accepted<RunStartedResponse>, ProblemHttpResult>> StartAsync(
        string key, HttpRequest request, FlowEngine engine, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<StartRunBody>(request, cancellationToken);
        if (problem is not null) return problem;
        var test = body!.Test ?? false;
        var by = Actor.From(request.HttpContext);
        if (test && !by.CanOperate) return ApiProblems.Status(StatusCodes.Status403Forbidden, "A test run needs the manager or owner role; an ingest key starts real runs only.");
        var mock = body.Contact;
        var contactId = body.ContactId;
        if (contactId is null && !(test && mock is not null))
            return ApiProblems.BadRequest("contactId", "'contactId' is required (a test run may give a mock 'contact' instead).");
        if (mock is not null && !test) return ApiProblems.BadRequest("contact", "A mock 'contact' is only for test runs (\"test\": true).");

        var start = new StartRunRequest(key, test ? RunTrigger.Test : RunTrigger.Api)
        {
            ContactId = contactId,
            MockContact = mock is null ? null : MockContact(mock),
            Data = Values.FromJson(body.Data) as IReadOnlyDictionary<string, object?>,
            IsTest = test,
        };
        try
        {
            var run = await engine.StartAsync(start, cancellationToken);
            await run.Committed; // the id is given only once the run is stored; a store that cannot write throws, and answers 503
            if (test) await audit.RecordAsync(by, AuditActions.TestRun, "test run started through the API", flowKey: key, runId: run.Id.ToString("N"), cancellationToken: cancellationToken);
            await Task.WhenAny(run.Settled, Task.Delay(SettleWait, cancellationToken));
            return TypedResults.Accepted($"/api/runs/{run.Id:N}", new RunStartedResponse(run.Id.ToString("N"), run.Run.Status.ToString()));
        }
        catch (FlowNotFoundException ex) { return ApiProblems.NotFound(ex.Message, "key"); }
        catch (ContactNotFoundException ex) { return ApiProblems.NotFound(ex.Message, "contactId"); }
        catch (FlowNotActiveException ex) { return ApiProblems.Conflict(ex.Message); }
    }

    private static ContactSnapshot MockContact(MockContactBody mock) => new(
        mock.Id ?? "test-contact", mock.Name, mock.Email, mock.Phone,
        Values.FromJson(mock.Attributes) as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>());

    public static async Task<Results<Ok<RunPage>, ProblemHttpResult>> ListAsync(HttpRequest request, RunQueries runs, TimeProvider time, CancellationToken cancellationToken)
    {
        var (filter, errors) = RunFilterParser.Parse(name => request.Query[name].ToString(), time.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, string.Join(" ", errors.Select(e => e.Message)));
        return TypedResults.Ok(await runs.ListAsync(filter, cancellationToken));
    }

    public static async Task<Results<Ok<RunDetail>, ProblemHttpResult>> GetAsync(string id, HttpContext context, RunQueries runs, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var run = await runs.GetAsync(runId, cancellationToken);
        return run is null ? ApiProblems.NotFound($"No run '{id}' exists.", "id") : TypedResults.Ok(ContactDetailMask.Run(Actor.From(context), run));
    }
}
