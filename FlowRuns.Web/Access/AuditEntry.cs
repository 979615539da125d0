namespace FlowRuns.Web.Access;

/// <summary>One operator action as the audit trail keeps it: who, when, what, on which flow or run, from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user's email, <c>key frk_AbCd</c> for an API key, or what a failed sign-in tried.</summary>
    public string Actor { get; set; } = "";

    /// <summary>What was done, one of <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";

    public string? FlowKey { get; set; }

    /// <summary>The run's id (32 hex digits) when the action concerned one run.</summary>
    public string? RunId { get; set; }

    /// <summary>The rest, in words: the version published, the role given, the reason refused.</summary>
    public string Detail { get; set; } = "";

    /// <summary>The remote address the request came from.</summary>
    public string? Address { get; set; }
}
