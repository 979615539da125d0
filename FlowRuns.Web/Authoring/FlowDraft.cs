namespace FlowRuns.Web.Authoring;

/// <summary>
/// A flow's next version while it is being authored: the flow document (the same format <c>POST /api/flows</c> takes),
/// saved on the server with a revision that every save must name (optimistic concurrency: two people editing one draft
/// get a conflict, never a silent loss). One draft per flow, in the access store; publishing it removes it.
/// </summary>
public sealed class FlowDraft
{
    public required string FlowKey { get; set; }

    /// <summary>The flow document as JSON text (may have problems: a draft is work in progress).</summary>
    public required string Definition { get; set; }

    /// <summary>1 for the first save, one more for each save after it.</summary>
    public int Revision { get; set; }

    /// <summary>The version the draft was started from.</summary>
    public int BasedOnVersion { get; set; }

    public required string SavedBy { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}
