namespace FlowRuns.Engine.Nodes;

/// <summary>The failure codes a step or run can end with, each with the fix we suggest to the person reading it.</summary>
public static class FailureCodes
{
    public const string MissingData = "MISSING_DATA";
    public const string OptedOut = "OPTED_OUT";
    public const string RateLimited = "RATE_LIMITED";
    public const string HttpTimeout = "HTTP_TIMEOUT";
    public const string HttpError = "HTTP_ERROR";
    public const string HttpBlockedTarget = "HTTP_BLOCKED_TARGET";
    public const string ExpressionError = "EXPRESSION_ERROR";
    public const string StopError = "STOP_ERROR";
    public const string MissingBranch = "MISSING_BRANCH";
    public const string StepLimit = "STEP_LIMIT";
    public const string DeliveryFailed = "DELIVERY_FAILED";
    public const string SubflowFailed = "SUBFLOW_FAILED";
    public const string SubflowMissing = "SUBFLOW_MISSING";
    public const string Interrupted = "INTERRUPTED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string OutputTooLarge = "OUTPUT_TOO_LARGE";
    public const string HttpResponseTooLarge = "HTTP_RESPONSE_TOO_LARGE";
    public const string WaitTooLong = "WAIT_TOO_LONG";
    public const string HttpRedirectRefused = "HTTP_REDIRECT_REFUSED";

    private static readonly Dictionary<string, string> Fixes = new()
    {
        [MissingData] = "Add the missing value to the contact or the trigger data, or guard the step with a condition.",
        [OptedOut] = "The contact opted out of this channel; use another channel or respect the opt-out.",
        [RateLimited] = "Slow the flow down or raise the provider's limit, then replay the run.",
        [HttpTimeout] = "Check that the service is up, or raise the node's timeout; add an 'error' edge to handle it in the flow.",
        [HttpError] = "Check the request the step sent and the service's answer; add an 'error' edge to handle it in the flow.",
        [HttpBlockedTarget] = "The address is loopback, private, link-local or metadata; use a public host, or ask an operator to allow-list it (FlowRuns:Http:AllowedHosts).",
        [ExpressionError] = "Fix the expression on this node and publish a new version, then replay the run.",
        [StopError] = "The flow stopped here on purpose; read the message for the reason.",
        [MissingBranch] = "Add an edge for this port (or a 'default' edge) and publish a new version.",
        [StepLimit] = "The run looped past the step limit; check the loop's exit condition.",
        [DeliveryFailed] = "Check the channel provider's response and the recipient, then replay the run.",
        [SubflowFailed] = "Open the child run to see why it failed; add a 'failed' edge to handle it.",
        [SubflowMissing] = "Publish the flow the subflow node names, or fix its key.",
        [Interrupted] = "The process stopped while this step was in flight; replay the run if the step must happen.",
        [InternalError] = "This is a FlowRuns bug; the detail has the technical cause.",
        [OutputTooLarge] = "A template, expression or step output grew past the limit (FlowRuns:Limits:MaxOutputChars); check what it repeats or concatenates.",
        [HttpResponseTooLarge] = "The service answered with more than FlowRuns:Limits:MaxHttpResponseBytes; ask for less (paging, a filter) or raise the limit.",
        [HttpRedirectRefused] = "The service redirected somewhere FlowRuns does not follow (another origin with the request's body, a non-http address, too many hops); call the final address directly.",
        [WaitTooLong] = "The wake time is further ahead than FlowRuns:Limits:MaxWait allows; check the 'until' value.",
    };

    public static StepError Create(string code, string message, string? detail = null) =>
        new(code, message, Fixes.GetValueOrDefault(code, "Read the message and detail, fix the cause and replay the run."), detail);
}
