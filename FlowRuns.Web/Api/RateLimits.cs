using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FlowRuns.Web.Api;

/// <summary>
/// Ingestion limits (<c>FlowRuns:RateLimits</c>): event posts and run starts (replays included) per caller, as token
/// buckets — a burst of twice the rate, refilled every second. Over it: 429 with <c>Retry-After</c> and a problem naming
/// the limit. The caller is the API key (or signed-in user) when there is one, else its network address.
/// </summary>
public static class RateLimits
{
    public const string Events = "events";
    public const string RunStarts = "run-starts";

    public sealed class Options
    {
        public int EventsPerSecond { get; set; } = 200;
        public int RunStartsPerSecond { get; set; } = 100;
    }

    public static IServiceCollection AddFlowRunsRateLimits(this IServiceCollection services, Options options) => services.AddRateLimiter(limiter =>
    {
        limiter.AddPolicy(Events, context => Bucket(context, Events, options.EventsPerSecond));
        limiter.AddPolicy(RunStarts, context => Bucket(context, RunStarts, options.RunStartsPerSecond));
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ApiProblems.Status(StatusCodes.Status429TooManyRequests,
                    $"Too many requests from this caller (FlowRuns:RateLimits); nothing of this one was kept. Try again in {seconds} s.")
                .ExecuteAsync(rejected.HttpContext);
        };
    });

    private static string Caller(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? "who:" + name : "ip:" + context.Connection.RemoteIpAddress;

    private static RateLimitPartition<string> Bucket(HttpContext context, string policy, int perSecond) =>
        RateLimitPartition.GetTokenBucketLimiter($"{policy}:{Caller(context)}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perSecond * 2),
            TokensPerPeriod = Math.Max(1, perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
