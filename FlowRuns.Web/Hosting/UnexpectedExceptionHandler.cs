using Microsoft.AspNetCore.Diagnostics;

namespace FlowRuns.Web.Hosting;

/// <summary>
/// The last handler: a request the server itself refused (a malformed form or route value) answers its own 4xx; anything
/// else is a bug of ours and answers 500 with a problem that carries a correlation id — the same id is in the log line
/// with the exception, so a user can quote it and we can find it. Never the exception's text.
/// </summary>
public sealed class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var correlationId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        int status;
        string title, detail;
        if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            title = "The request is not valid.";
            detail = bad.Message;
            logger.LogInformation("Refused {Method} {Path} with {Status}: {Reason} (correlation id {CorrelationId})",
                context.Request.Method, context.Request.Path, status, bad.Message, correlationId);
        }
        else
        {
            status = StatusCodes.Status500InternalServerError;
            title = "Something went wrong on our side.";
            detail = $"The request failed unexpectedly; nothing is wrong with what you sent. Quote correlation id {correlationId} when you report it.";
            logger.LogError(exception, "{Method} {Path} failed unexpectedly (correlation id {CorrelationId})", context.Request.Method, context.Request.Path, correlationId);
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["correlationId"] = correlationId } },
        });
    }
}
