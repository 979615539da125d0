using System.Globalization;
using CsvHelper;
using FlowRuns.Engine.Persistence.Queries;

namespace FlowRuns.Web.Api;

/// <summary>
/// <c>GET /api/runs/export.csv</c>: the run list with the same filters, as CSV, newest first, paged through the store.
/// CsvHelper escapes a cell that starts with <c>= + - @</c> (and the like) so a spreadsheet never runs it as a formula.
/// </summary>
public static class RunsCsvExport
{
    public const int MaxRows = 100_000;

    public static IEndpointRouteBuilder MapRunsCsvExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs/export.csv", ExportAsync).WithTags("Runs").WithSummary("The run list with the same filters, as CSV (at most 100,000 rows)").RequireAuthorization(Access.Roles.Policies.Read);
        return app;
    }

    public static async Task<IResult> ExportAsync(HttpRequest request, RunQueries runs, TimeProvider time, CancellationToken cancellationToken)
    {
        var (filter, errors) = RunFilterParser.Parse(name => request.Query[name].ToString(), time.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.BadRequest(errors[0].Field, string.Join(" ", errors.Select(e => e.Message)));
        return Results.Stream(async stream =>
        {
            await using var response = new StreamWriter(stream);
            var page = filter with { Limit = RunListFilter.MaxLimit };
            var written = 0;
            var header = true;
            while (written < MaxRows)
            {
                var result = await runs.ListAsync(page, cancellationToken);
                // CsvHelper writes synchronously: each page goes to text first, then to the response asynchronously.
                var text = new StringWriter(CultureInfo.InvariantCulture);
                using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
                {
                    if (header)
                    {
                        foreach (var name in Headers) csv.WriteField(name);
                        csv.EndRecord();
                        header = false;
                    }
                    foreach (var run in result.Items.Take(MaxRows - written))
                    {
                        foreach (var cell in Cells(run)) csv.WriteField(cell);
                        csv.EndRecord();
                        written++;
                    }
                }
                await response.WriteAsync(text.ToString());
                if (result.NextCursor is null || !RunCursor.TryDecode(result.NextCursor, out var next)) break;
                page = page with { Cursor = next };
            }
        }, "text/csv; charset=utf-8", "runs.csv");
    }

    private static readonly string[] Headers = ["id", "flow", "version", "contactId", "contactName", "status", "trigger", "startedAt", "endedAt", "currentNodeId",
        "currentNodeLabel", "durationMs", "test", "errorCode", "errorMessage", "failedNodeId", "failedNodeLabel"];

    /// <summary>Cells a spreadsheet would run as a formula (starting with = + - @ …) are escaped by CsvHelper.</summary>
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    private static IEnumerable<string> Cells(RunSummary run) =>
    [
        run.Id, run.Flow, run.Version.ToString(CultureInfo.InvariantCulture), run.ContactId, run.ContactName ?? "", run.Status, run.Trigger,
        Hosting.UtcTimeJsonConverter.Format(run.StartedAt), run.EndedAt is { } ended ? Hosting.UtcTimeJsonConverter.Format(ended) : "", run.CurrentNodeId ?? "",
        run.CurrentNodeLabel ?? "", run.DurationMs?.ToString(CultureInfo.InvariantCulture) ?? "", run.Test ? "true" : "false",
        run.ErrorCode ?? "", run.ErrorMessage ?? "", run.FailedNodeId ?? "", run.FailedNodeLabel ?? "",
    ];

}
