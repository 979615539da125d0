using FlowRuns.Engine.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace FlowRuns.Web.Hosting;

/// <summary>
/// A write the store refused as a whole (disk full, I/O error, read-only file) answers 503 with a problem naming the
/// cause and a Retry-After, never a 500 and never a 202: nothing of the request was kept. Service resumes by itself
/// when the store can write again.
/// </summary>
public sealed class StoreUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<StoreUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreUnavailableException.IsStoreFailure(exception)) return false;
        var unavailable = StoreUnavailableException.From(exception);
        logger.LogWarning("Refused {Method} {Path} with 503: {Reason}", context.Request.Method, context.Request.Path, unavailable.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The store cannot write right now.",
                Detail = unavailable.Message + " Nothing of this request was kept; try again once the store can write (see /healthz).",
                Extensions = { ["cause"] = unavailable.Message },
            },
        });
    }
}
