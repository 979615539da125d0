using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// A flow's draft as the API answers it: the document, its revision (0: nothing saved yet — the draft is the current
/// version), who saved it when, and every problem publishing it would meet (empty: it can be published).
/// </summary>
public sealed record DraftView(string Key, int Revision, int BasedOnVersion, string? SavedBy, DateTimeOffset? SavedAt, JsonObject Definition,
    IReadOnlyList<DraftProblem> Problems);

/// <summary>One publish rule the draft breaks, on the node, edge (index) or field concerned.</summary>
public sealed record DraftProblem(string Message, string? NodeId, int? EdgeIndex, string? Field)
{
    public static DraftProblem From(DefinitionProblem problem) => new(problem.Message, problem.NodeId, problem.EdgeIndex, problem.Field);
}
