using System.Text.RegularExpressions;
using FlowRuns.Web.Access;
using FlowRuns.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace FlowRuns.Web.Live;

/// <summary>
/// <c>/hubs/runs</c>: watch one run, one flow, or the whole workspace. The server sends <c>RunChanged</c>,
/// <c>StepChanged</c> and <c>EventAdded</c> with a <see cref="RunChange"/>, after each change is committed. A run id
/// must be a run id and a flow key a flow key; one connection watches at most
/// <see cref="LiveOptions.MaxWatchesPerConnection"/> runs and flows — the next watch is refused with a message. Needs a reader:
/// the sign-in cookie, or <c>Authorization: Bearer &lt;API key&gt;</c> (<c>?access_token=</c> for a browser's websocket).
/// </summary>
[Authorize(Policy = Roles.Policies.Read)]
public sealed partial class RunsHub(IOptions<LiveOptions> options) : Hub
{
    public static string RunGroup(string runId) => "run:" + runId;
    public static string FlowGroup(string flowKey) => "flow:" + flowKey;
    public const string WorkspaceGroup = "workspace";
    private static readonly object WatchesKey = new();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex FlowKeyPattern();

    public async Task WatchRun(string runId) => await WatchAsync(RunGroup(RunIdOf(runId)));

    public async Task UnwatchRun(string runId) => await UnwatchAsync(RunGroup(RunIdOf(runId)));

    public async Task WatchFlow(string flowKey) => await WatchAsync(FlowGroup(FlowKeyOf(flowKey)));

    public async Task UnwatchFlow(string flowKey) => await UnwatchAsync(FlowGroup(FlowKeyOf(flowKey)));

    public async Task WatchWorkspace() => await WatchAsync(WorkspaceGroup);

    public async Task UnwatchWorkspace() => await UnwatchAsync(WorkspaceGroup);

    private async Task WatchAsync(string group)
    {
        var watches = Watches();
        lock (watches)
        {
            if (!watches.Contains(group) && watches.Count >= options.Value.MaxWatchesPerConnection)
                throw new HubException($"This connection already watches {watches.Count:N0} runs and flows, the most one connection may (FlowRuns:Live:MaxWatchesPerConnection); unwatch some first.");
            watches.Add(group);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    private async Task UnwatchAsync(string group)
    {
        var watches = Watches();
        lock (watches) watches.Remove(group);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    private HashSet<string> Watches()
    {
        lock (Context.Items)
        {
            if (Context.Items.TryGetValue(WatchesKey, out var existing)) return (HashSet<string>)existing!;
            var watches = new HashSet<string>(StringComparer.Ordinal);
            Context.Items[WatchesKey] = watches;
            return watches;
        }
    }

    private static string RunIdOf(string runId) =>
        RunIds.TryParse(runId ?? "", out var id) ? id.ToString("N") : throw new HubException("Not a run id (32 hex digits).");

    private static string FlowKeyOf(string flowKey) =>
        flowKey is not null && FlowKeyPattern().IsMatch(flowKey) ? flowKey : throw new HubException("Not a flow key (1–100 characters of a-z, 0-9 and '-').");
}
