namespace FlowRuns.Web.Api;

/// <summary>The answer to starting a run: its id and its status when the answer was written.</summary>
public sealed record RunStartedResponse(string Id, string Status);
