using System.Collections.Concurrent;
using FlowRuns.Engine.Nodes;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowRuns.Engine.Execution;

/// <summary>
/// Starts runs and walks them. The engine owns the walk, the run history and its events; nodes only say what happens next.
/// Runs execute in the background, detached from the caller, at most <see cref="FlowRunsEngineOptions.MaxParallelRuns"/>
/// at a time: <see cref="RunExecution.Committed"/> and <see cref="RunExecution.Settled"/> let a caller wait as long as it likes.
/// A run is walked by one engine at a time — the one holding its lease in the store (<see cref="RunLeases"/>) — and within
/// it by one execution (its local claim). Stopping the engine stops every walk where it stands, what was committed stays,
/// and the leases are given back so recovery can go on at once. Resuming, cancelling, replaying and the run's inbox live
/// in the other parts of this class.
/// </summary>
public sealed partial class FlowEngine : IAsyncDisposable
{
    private readonly FlowCatalog _catalog;
    private readonly ContactStore _contacts;
    private readonly RunWriter _writer;
    private readonly RunLeases _leases;
    private readonly IDbContextFactory<FlowRunsDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly ILogger<FlowEngine> _logger;
    private readonly FlowRunsEngineOptions _options;

    /// <summary>The sizes and times runs are held to.</summary>
    internal FlowRunsLimits Limits => _options.Limits;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    /// <summary>Runs claimed by this engine: being loaded (null) or walked.</summary>
    private readonly ConcurrentDictionary<Guid, RunExecution?> _claims = new();

    public FlowEngine(FlowCatalog catalog, ContactStore contacts, RunWriter writer, IDbContextFactory<FlowRunsDbContext> contexts,
        TimeProvider time, IOptions<FlowRunsEngineOptions> options, IStoreChangeFeed changes, ILogger<FlowEngine> logger)
    {
        _changes = changes;
        _catalog = catalog;
        _contacts = contacts;
        _writer = writer;
        _contexts = contexts;
        _time = time;
        _logger = logger;
        _options = options.Value;
        foreach (var (name, value) in _options.Secrets.Where(s => s.Value.Length is > 0 and < Persistence.SecretScrubber.MinLength))
            logger.LogWarning("The secret {Name} is shorter than {Min} characters: it is refused anywhere but an http step at publish, but stored data is not scrubbed for it", name, Persistence.SecretScrubber.MinLength);
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxParallelRuns));
        _leases = new RunLeases(writer, _options.LeaseDuration, logger);
        _leases.Renewed += CheckCancelRequestsAsync;
        // Another node asked, in the store, to cancel a run walked here: look now rather than at the next lease renewal.
        changes.Received += change =>
        {
            if (change.Kind == StoreChangeKind.RunCancelRequested && Guid.TryParse(change.Key, out var runId) && _claims.TryGetValue(runId, out var walking) && walking is not null)
                _ = CheckCancelRequestsAsync([runId]);
        };
    }

    private readonly IStoreChangeFeed _changes;

    /// <summary>The leases this engine holds; its owner id is what the store records.</summary>
    public RunLeases Leases => _leases;

    public int SubflowDepthLimit => _options.SubflowDepthLimit;

    /// <summary>Runs claimed right now (being loaded or walked).</summary>
    public int ActiveCount => _claims.Count;

    /// <summary>Raised (after commit) when a walk settles, whatever the outcome. For tests and benchmarks.</summary>
    public event Action<RunExecution>? WalkSettled;

    /// <summary>
    /// Starts a run on the flow's current version (or <see cref="StartRunRequest.Version"/>) and walks it in the background.
    /// Await <see cref="RunExecution.Committed"/> before telling anyone its id: it completes once the run is stored — at
    /// once as Pending when the run must queue for a walk slot, else with its walk's first write (before any outside
    /// effect, and when it suspends or ends, typically within a millisecond) — and fails
    /// (<see cref="StoreUnavailableException"/> when the store cannot write) if it never will be; then nothing of the walk
    /// is stored either.
    /// Throws <see cref="FlowNotFoundException"/>, <see cref="ContactNotFoundException"/> or <see cref="FlowNotActiveException"/>
    /// before anything is queued.
    /// </summary>
    public async Task<RunExecution> StartAsync(StartRunRequest request, CancellationToken cancellationToken = default)
    {
        var flow = await _catalog.GetAsync(request.FlowKey, request.Version, cancellationToken);
        if (flow.Status != FlowStatus.Active && !request.IsTest) throw new FlowNotActiveException(flow.Key, flow.Status);
        var contact = await ResolveContactAsync(request, cancellationToken);
        var execution = Create(flow, contact, request, parent: null);
        Launch(execution, CompiledNodeRef.At(flow.Graph.Trigger), insertWhenQueued: true);
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
            Id = Guid.CreateVersion7(now),
            FlowId = flow.FlowId,
            Version = flow.Version,
            ContactId = contact.Id,
            Trigger = request.Trigger,
            Status = RunStatus.Pending,
            SourceEventId = request.SourceEventId,
            IsTest = request.IsTest,
            StartedAt = now,
            ParentRunId = parent?.Id,
            ReplayOf = request.ReplayOf,
            TriggerData = StoredJson.Write(request.Data),
            Event = StoredJson.Write(request.Event),
            MockContact = request.ContactId is null && request.MockContact is { } mock ? StoredJson.Write(MockContacts.ToMap(mock)) : null,
        };
        var variables = new RunVariables(contact, new Dictionary<string, object?>(request.Data ?? new Dictionary<string, object?>()),
            request.Event, [], _options.Secrets, _time);
        var execution = NewExecution(flow, run, variables, (parent?.Depth ?? -1) + 1, persisted: false);
        execution.StageRunChanged();
        return execution;
    }

    private RunExecution NewExecution(PublishedFlow flow, RunRecord run, RunVariables variables, int depth, bool persisted) =>
        new(this, _writer, _leases, flow, run, variables, depth, _options.StepLimit, _time, _logger, persisted, _catalog.IsPaused);

    /// <summary>Creates the child run of a subflow step; the parent walks it inline.</summary>
    internal async Task<RunExecution> PrepareChildAsync(RunExecution parent, SubflowResult subflow, CancellationToken cancellationToken)
    {
        var flow = await _catalog.GetAsync(subflow.FlowKey, cancellationToken: cancellationToken);
        var request = new StartRunRequest(subflow.FlowKey, RunTrigger.Subflow) { Data = subflow.Data, IsTest = parent.Run.IsTest };
        var child = Create(flow, parent.Variables.Contact, request, parent);
        // The child is this engine's while its parent walks it: nothing else here (an inbox drain, recovery) may claim it
        // — a claim here would succeed against the store (same owner) and its release would take the lease from the walk.
        _claims[child.Id] = child;
        return child;
    }

    /// <summary>
    /// The parent is done walking its child inline (it ended, suspended, or the walk stopped): the child's claim is given
    /// back (and its lease, if a stopped walk left it held). What reached its inbox meanwhile is applied by recovery.
    /// </summary>
    internal Task SettleInlineChildAsync(Guid childId) => SettleClaimAsync(childId, drain: false);

    /// <summary>
    /// Walks a claimed execution in the background, within the parallel bound; when it settles, releases the claim (and
    /// the lease, if the walk did not end with a write that gave it up) and applies what reached the run's inbox meanwhile.
    /// </summary>
    private void Launch(RunExecution execution, CompiledNodeRef start, bool insertWhenQueued = false)
    {
        _claims[execution.Id] = execution;
        var slot = _slots.Wait(0);
        // A new run that must queue for a slot (a fan-out, a burst) is stored as Pending now, so whoever started it can be
        // told its id at once; one that walks at once is stored by its walk's first write.
        if (!slot && insertWhenQueued) execution.BeginInsert();
        execution.Settled = Task.Run(async () =>
        {
            var walked = false;
            var stopping = false;
            try
            {
                if (!slot) await _slots.WaitAsync(_stopping.Token);
                try
                {
                    await execution.WalkAsync(start, _stopping.Token);
                    walked = true;
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException ex) when (_stopping.IsCancellationRequested)
            {
                stopping = true;
                execution.Abandon(ex);
            }
            catch (LeaseLostException ex)
            {
                _logger.LogWarning("Run {RunId} stopped here: {Reason}", execution.Id, ex.Message);
                _leases.Gave(execution.Id);
                execution.Abandon(ex);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Run {RunId} could not be walked; recovery continues it from its last committed step", execution.Id);
                execution.Abandon(ex);
            }
            finally
            {
                // The walk's last write said whether events wait in the run's inbox; a paused run of a flow resumed
                // meanwhile must go on. Only then is the store asked again.
                var paused = execution.Run.Status == RunStatus.Paused && !_catalog.IsPaused(execution.Flow.FlowId);
                if (!stopping) await SettleClaimAsync(execution.Id, drain: !walked || execution.InboxPending || paused);
            }
            if (!walked) return;
            WalkSettled?.Invoke(execution);
            if (execution.Run.ParentRunId is { } parent && IsFinished(execution.Run.Status))
                await ResumeAsync(parent, new ResumeReason.ChildEnded(execution.Id));
        });
    }

    internal static bool IsFinished(RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>Stops every walk where it stands, waits for them to let go, and gives their leases back for recovery.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        var walking = _claims.Values.OfType<RunExecution>().Select(a => a.Settled).ToArray();
        try { await Task.WhenAll(walking).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { _logger.LogWarning("{Count} runs did not stop within 10 s", _claims.Count); }
        await _leases.DisposeAsync();
        try { await _leases.ReleaseAsync(_leases.Held.ToList()); }
        catch (Exception ex) { _logger.LogWarning(ex, "The leases of {Count} runs were not given back; they expire by themselves", _leases.Held.Count); }
    }
}
