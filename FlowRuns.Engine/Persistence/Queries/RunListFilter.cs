using FlowRuns.Engine.Execution;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>The filters of a run list; all optional, combined with AND; lists within one filter are OR.</summary>
public sealed record RunListFilter
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public IReadOnlyList<RunStatus> Statuses { get; init; } = [];
    public string? Flow { get; init; }
    public IReadOnlyList<int> Versions { get; init; } = [];
    /// <summary>A contact id, email or phone.</summary>
    public string? Contact { get; init; }
    public IReadOnlyList<RunTrigger> Triggers { get; init; } = [];
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public bool? Test { get; init; }
    /// <summary>Runs that failed with one of these error codes.</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];
    /// <summary>Runs whose current node — where it waits, or ended or failed — is one of these node ids.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];
    /// <summary>Only these runs (a live list re-reading the rows that changed).</summary>
    public IReadOnlyList<Guid> Ids { get; init; } = [];
    public int Limit { get; init; } = DefaultLimit;
    public RunCursor? Cursor { get; init; }
}
