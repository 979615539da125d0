using System.Collections.Concurrent;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Starts runs and walks them. The engine owns the walk, the run history and its events; nodes only say what happens next.
/// Runs execute in the background, detached from the caller: <see cref="RunExecution.Committed"/> and
/// <see cref="RunExecution.Settled"/> let a caller wait as long as it likes. Stopping the engine stops every walk
/// where it stands; what was committed stays.
/// </summary>
public sealed class FlowEngine : IAsyncDisposable
{
    private readonly FlowCatalog _catalog;
    private readonly ContactStore _contacts;
    private readonly RunWriter _writer;
    private readonly RunKeyAllocator _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<FlowEngine> _logger;
    private readonly FlowRunsEngineOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Guid, RunExecution> _active = new();

    public FlowEngine(FlowCatalog catalog, ContactStore contacts, RunWriter writer, RunKeyAllocator keys, TimeProvider time,
        IOptions<FlowRunsEngineOptions> options, ILogger<FlowEngine> logger)
    {
        _catalog = catalog;
        _contacts = contacts;
        _writer = writer;
        _keys = keys;
        _time = time;
        _logger = logger;
        _options = options.Value;
    }

    public int SubflowDepthLimit => _options.SubflowDepthLimit;

    /// <summary>Runs being walked right now.</summary>
    public int ActiveCount => _active.Count;

    /// <summary>
    /// Starts a run on the flow's current version (or <see cref="StartRunRequest.Version"/>) and begins walking it in the background.
    /// Throws <see cref="FlowNotFoundException"/>, <see cref="ContactNotFoundException"/> or <see cref="FlowNotActiveException"/>
    /// before anything is stored.
    /// </summary>
    public async Task<RunExecution> StartAsync(StartRunRequest request, CancellationToken cancellationToken = default)
    {
        var flow = await _catalog.GetAsync(request.FlowKey, request.Version, cancellationToken);
        if (flow.Status != FlowStatus.Active && !request.IsTest) throw new FlowNotActiveException(flow.Key, flow.Status);
        var contact = await ResolveContactAsync(request, cancellationToken);
        var execution = Create(flow, contact, request, parent: null);
        Launch(execution, new CompiledNodeRef(flow.Graph.Trigger));
        return execution;
    }

    private async Task<ContactSnapshot> ResolveContactAsync(StartRunRequest request, CancellationToken cancellationToken)
    {
        if (request.ContactId is { } id)
            return await _contacts.FindAsync(id, cancellationToken) ?? throw new ContactNotFoundException(id);
        if (request.IsTest && request.MockContact is { } mock) return mock;
        throw new ArgumentException("A run needs a contactId (a test run may give a mock contact instead).", nameof(request));
    }

    private RunExecution Create(PublishedFlow flow, ContactSnapshot contact, StartRunRequest request, RunExecution? parent)
    {
        var now = _time.GetUtcNow();
        var run = new RunRecord
        {
            Key = _keys.Next(),
            Id = Guid.CreateVersion7(now),
            FlowId = flow.FlowId,
            Version = flow.Version,
            ContactId = contact.Id,
            Trigger = request.Trigger,
            Status = RunStatus.Running,
            IsTest = request.IsTest,
            StartedAt = now,
            ParentRunId = parent?.Id,
            ReplayOf = request.ReplayOf,
            TriggerData = StoredJson.Write(request.Data),
            Event = StoredJson.Write(request.Event),
            MockContact = request.MockContact is { } mock && request.ContactId is null ? StoredJson.Write(ToMap(mock)) : null,
        };
        var variables = new RunVariables(contact, new Dictionary<string, object?>(request.Data ?? new Dictionary<string, object?>()),
            request.Event, [], _options.Secrets, _time);
        var execution = new RunExecution(this, _writer, flow, run, variables, (parent?.Depth ?? -1) + 1,
            _options.StepLimit, _time, _logger, persisted: false);
        execution.StageRunChanged();
        return execution;
    }

    private static Dictionary<string, object?> ToMap(ContactSnapshot contact) => new()
    {
        ["id"] = contact.Id,
        ["name"] = contact.Name,
        ["email"] = contact.Email,
        ["phone"] = contact.Phone,
        ["attributes"] = contact.Attributes,
    };

    /// <summary>Creates the child run of a subflow step; the parent walks it inline.</summary>
    internal async Task<RunExecution> PrepareChildAsync(RunExecution parent, SubflowResult subflow, CancellationToken cancellationToken)
    {
        var flow = await _catalog.GetAsync(subflow.FlowKey, cancellationToken: cancellationToken);
        var request = new StartRunRequest(subflow.FlowKey, RunTrigger.Subflow) { Data = subflow.Data, IsTest = parent.Run.IsTest };
        return Create(flow, parent.Variables.Contact, request, parent);
    }

    private void Launch(RunExecution execution, CompiledNodeRef start)
    {
        _active[execution.Id] = execution;
        execution.Settled = Task.Run(async () =>
        {
            try
            {
                await execution.WalkAsync(start, _stopping.Token);
            }
            catch (OperationCanceledException ex) when (_stopping.IsCancellationRequested)
            {
                execution.Abandon(ex);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Run {RunId} could not be walked", execution.Id);
                execution.Abandon(ex);
            }
            finally
            {
                _active.TryRemove(execution.Id, out _);
            }
        });
    }

    /// <summary>Stops every walk where it stands and waits for the writer to drain.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        try { await Task.WhenAll(_active.Values.Select(a => a.Settled)).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { _logger.LogWarning("{Count} runs did not stop within 10 s", _active.Count); }
    }
}
