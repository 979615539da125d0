using System.Text.Json.Nodes;
using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Expressions;
using FlowRuns.Engine.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowRuns.Web.Api;

/// <summary><c>/api/runs</c> and <c>/api/flows/{key}/runs</c>: start runs, list them, read one with every step.</summary>
public static class RunsApi
{
    /// <summary>How long a start waits for the run to settle (end or wait) before answering with the status it has.</summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/flows/{key}/runs", StartAsync).WithTags("Runs").WithSummary("Start a run").Accepts<object>("application/json");
        var runs = app.MapGroup("/api/runs").WithTags("Runs");
        runs.MapGet("", ListAsync).WithSummary("List runs, newest first (filters: status, flow, version, contact, trigger, range, from, to, test, limit, cursor)");
        runs.MapGet("{id}", GetAsync).WithSummary("One run with its steps, resolutions, events and deliveries");
        return app;
    }

    public static async Task<Results<Accepted<RunStartedResponse>, ProblemHttpResult>> StartAsync(
        string key, HttpRequest request, FlowEngine engine, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null) return problem;
        var test = body!["test"] is JsonValue t && t.TryGetValue<bool>(out var isTest) && isTest;
        if (body["test"] is not null and not JsonValue) return ApiProblems.BadRequest("test", "'test' must be true or false.");
        if (!RequestBody.TryObject(body, "data", out var data)) return ApiProblems.BadRequest("data", "'data' must be a JSON object.");
        if (!RequestBody.TryObject(body, "contact", out var mock)) return ApiProblems.BadRequest("contact", "'contact' must be a JSON object.");
        var contactId = RequestBody.Text(body, "contactId");
        if (contactId is null && !(test && mock is not null))
            return ApiProblems.BadRequest("contactId", "'contactId' is required (a test run may give a mock 'contact' instead).");
        if (mock is not null && !test) return ApiProblems.BadRequest("contact", "A mock 'contact' is only for test runs (\"test\": true).");

        var start = new StartRunRequest(key, test ? RunTrigger.Test : RunTrigger.Api)
        {
            ContactId = contactId,
            MockContact = mock is null ? null : MockContact(mock),
            Data = Values.FromJson(data) as IReadOnlyDictionary<string, object?>,
            IsTest = test,
        };
        try
        {
            var run = await engine.StartAsync(start, cancellationToken);
            await run.Committed; // the id is given only once the run is stored; a store that cannot write throws, and answers 503
            await Task.WhenAny(run.Settled, Task.Delay(SettleWait, cancellationToken));
            return TypedResults.Accepted($"/api/runs/{run.Id:N}", new RunStartedResponse(run.Id.ToString("N"), run.Run.Status.ToString()));
        }
        catch (FlowNotFoundException ex) { return ApiProblems.NotFound(ex.Message, "key"); }
        catch (ContactNotFoundException ex) { return ApiProblems.NotFound(ex.Message, "contactId"); }
        catch (FlowNotActiveException ex) { return ApiProblems.Conflict(ex.Message); }
    }

    private static ContactSnapshot MockContact(JsonObject mock) => new(
        RequestBody.Text(mock, "id") ?? "test-contact",
        RequestBody.Text(mock, "name"),
        RequestBody.Text(mock, "email"),
        RequestBody.Text(mock, "phone"),
        Values.FromJson(mock["attributes"]) as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>());

    public static async Task<Results<Ok<RunPage>, ProblemHttpResult>> ListAsync(HttpRequest request, RunQueries runs, TimeProvider time, CancellationToken cancellationToken)
    {
        var (filter, errors) = RunFilterParser.Parse(name => request.Query[name].ToString(), time.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, string.Join(" ", errors.Select(e => e.Message)));
        return TypedResults.Ok(await runs.ListAsync(filter, cancellationToken));
    }

    public static async Task<Results<Ok<RunDetail>, ProblemHttpResult>> GetAsync(string id, RunQueries runs, CancellationToken cancellationToken)
    {
        if (!RunIds.TryParse(id, out var runId)) return ApiProblems.BadRequest("id", $"'{id}' is not a run id (32 hex digits).");
        var run = await runs.GetAsync(runId, cancellationToken);
        return run is null ? ApiProblems.NotFound($"No run '{id}' exists.", "id") : TypedResults.Ok(run);
    }
}
