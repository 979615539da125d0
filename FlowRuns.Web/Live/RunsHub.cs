using Microsoft.AspNetCore.SignalR;

namespace FlowRuns.Web.Live;

/// <summary>
/// <c>/hubs/runs</c>: watch one run, one flow, or the whole workspace. The server sends <c>RunChanged</c>,
/// <c>StepChanged</c> and <c>EventAdded</c> with a <see cref="RunChange"/>, after each change is committed.
/// </summary>
public sealed class RunsHub : Hub
{
    public static string RunGroup(string runId) => "run:" + runId;
    public static string FlowGroup(string flowKey) => "flow:" + flowKey;
    public const string WorkspaceGroup = "workspace";

    public Task WatchRun(string runId) => Groups.AddToGroupAsync(Context.ConnectionId, RunGroup(Normalize(runId)));

    public Task UnwatchRun(string runId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RunGroup(Normalize(runId)));

    public Task WatchFlow(string flowKey) => Groups.AddToGroupAsync(Context.ConnectionId, FlowGroup(flowKey));

    public Task UnwatchFlow(string flowKey) => Groups.RemoveFromGroupAsync(Context.ConnectionId, FlowGroup(flowKey));

    public Task WatchWorkspace() => Groups.AddToGroupAsync(Context.ConnectionId, WorkspaceGroup);

    public Task UnwatchWorkspace() => Groups.RemoveFromGroupAsync(Context.ConnectionId, WorkspaceGroup);

    private static string Normalize(string runId) => Guid.TryParse(runId, out var id) ? id.ToString("N") : runId;
}
