using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Entities;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FlowRuns.Engine.Persistence;

/// <summary>
/// The run writer's connection and its prepared statements. A run's row is written only by the engine that holds its
/// lease, never to an older sequence, and — once a cancel was asked for — only to cancel it; a new run is inserted
/// without a key and the key the store gave it is handed to its steps, events and deliveries.
/// </summary>
internal sealed class WriterStatements : IDisposable
{
    private const string Owner = "@owner";
    private static readonly int Cancelled = (int)RunStatus.Cancelled;
    private readonly List<DbCommand> _commands = [];
    private readonly EntityUpsertCommand<RunRecord> _newRuns;
    private readonly EntityUpsertCommand<RunRecord> _runs, _claimingRuns;
    private readonly EntityUpsertCommand<StepRecord> _steps;
    private readonly EntityUpsertCommand<RunEventRecord> _events;
    private readonly EntityUpsertCommand<DeliveryRecord> _deliveries;
    private readonly EntityUpsertCommand<RunInboxRecord> _inbox;
    private readonly EntityUpsertCommand<AcceptedEventRecord> _acceptedEvents;
    private readonly DbCommand _pathInsert, _pathId;
    /// <summary>Path ids known to be committed; and those filed in the open transaction (kept only if it commits).</summary>
    private readonly Dictionary<(int FlowId, int Version, string Signature), int> _paths = [], _pendingPaths = [];
    private readonly DbCommand _savepoint, _releaseSavepoint, _rollbackSavepoint, _inboxApplied, _claim, _release, _renew, _cancelRequest, _runState, _probe, _keyById;

    /// <summary>
    /// Columns a run's later writes leave as they are: what the engine never changes after the insert (SQLite then keeps
    /// every index over only those columns as it is — most of the run's indexes), and what others set (a cancel request,
    /// the event that started it).
    /// </summary>
    private static readonly string[] KeptOnUpdate =
    [
        nameof(RunRecord.Id), nameof(RunRecord.FlowId), nameof(RunRecord.Version), nameof(RunRecord.ContactId), nameof(RunRecord.Trigger),
        nameof(RunRecord.IsTest), nameof(RunRecord.StartedAt), nameof(RunRecord.ParentRunId), nameof(RunRecord.ReplayOf),
        nameof(RunRecord.TriggerData), nameof(RunRecord.MockContact), nameof(RunRecord.CancelRequestedBy), nameof(RunRecord.SourceEventId),
    ];

    public WriterStatements(IModel model, DbConnection connection, StoreDialect dialect)
    {
        Connection = connection;
        _dialect = dialect;
        _pipeline = new StatementPipeline(connection, dialect);
        _newRuns = new(model, connection, dialect, insertOnly: true, storeAssignedKey: true);
        // Whether the run's inbox holds events its engine has not applied yet: read back with the write, so the engine need
        // not ask after every walk.
        const string inboxPending = "EXISTS (SELECT 1 FROM \"RunInbox\" AS i WHERE i.\"RunKey\" = \"Runs\".\"Key\" AND i.\"AppliedAt\" IS NULL)";
        var cancelAllows = $"(\"Runs\".\"CancelRequestedBy\" IS NULL OR excluded.\"Status\" = {Cancelled})";
        _runs = new(model, connection, dialect, insertOnly: false, keepOnUpdate: KeptOnUpdate,
            updateWhere: $"\"Runs\".\"LeaseOwner\" IS NOT DISTINCT FROM {Owner} AND \"Runs\".\"Sequence\" <= excluded.\"Sequence\" AND {cancelAllows}",
            extraParameters: [Owner], returning: inboxPending);
        // A resume's first write takes the lease in the same statement: the run must be free (or its lease expired) and
        // still at the sequence it was read at, so nobody changed it in between.
        _claimingRuns = new(model, connection, dialect, insertOnly: false, keepOnUpdate: KeptOnUpdate,
            updateWhere: $"(\"Runs\".\"LeaseOwner\" IS NULL OR \"Runs\".\"LeaseOwner\" = {Owner} OR \"Runs\".\"LeaseUntil\" <= @now) " +
                         $"AND \"Runs\".\"Sequence\" = @expected AND {cancelAllows}",
            extraParameters: [Owner, "@now", "@expected"], returning: inboxPending);
        _steps = new(model, connection, dialect, insertOnly: false);
        _events = new(model, connection, dialect, insertOnly: true);
        _deliveries = new(model, connection, dialect, insertOnly: true);
        _inbox = new(model, connection, dialect, insertOnly: true, onConflictDoNothing: true, storeAssignedKey: true);
        _acceptedEvents = new(model, connection, dialect, insertOnly: false);
        _savepoint = Prepare("SAVEPOINT write");
        _releaseSavepoint = Prepare("RELEASE write");
        _rollbackSavepoint = Prepare("ROLLBACK TO write; RELEASE write");
        _inboxApplied = Prepare("UPDATE \"RunInbox\" SET \"AppliedAt\" = @at, \"Outcome\" = @outcome WHERE \"Id\" = @id", "@at", "@outcome", "@id");
        _claim = Prepare("UPDATE \"Runs\" SET \"LeaseOwner\" = @owner, \"LeaseUntil\" = @until WHERE \"Id\" = @id " +
                         "AND (\"LeaseOwner\" IS NULL OR \"LeaseOwner\" = @owner OR \"LeaseUntil\" <= @now)", "@owner", "@until", "@id", "@now");
        _release = Prepare("UPDATE \"Runs\" SET \"LeaseOwner\" = NULL, \"LeaseUntil\" = NULL WHERE \"Id\" = @id AND \"LeaseOwner\" = @owner", "@id", "@owner");
        _renew = Prepare("UPDATE \"Runs\" SET \"LeaseUntil\" = @until WHERE \"Id\" = @id AND \"LeaseOwner\" = @owner", "@until", "@id", "@owner");
        _cancelRequest = Prepare($"UPDATE \"Runs\" SET \"CancelRequestedBy\" = @by WHERE \"Id\" = @id AND \"CancelRequestedBy\" IS NULL " +
                                 $"AND \"Status\" NOT IN ({(int)RunStatus.Completed}, {(int)RunStatus.Failed}, {Cancelled})", "@by", "@id");
        _keyById = Prepare("SELECT \"Key\" FROM \"Runs\" WHERE \"Id\" = @id", "@id");
        _runState = Prepare("SELECT \"LeaseOwner\", \"CancelRequestedBy\", \"Sequence\" FROM \"Runs\" WHERE \"Key\" = @key", "@key");
        _pathInsert = Prepare("INSERT INTO \"FlowPaths\" (\"FlowId\", \"Version\", \"Signature\") VALUES (@flow, @version, @signature) ON CONFLICT DO NOTHING",
            "@flow", "@version", "@signature");
        _pathId = Prepare("SELECT \"Id\" FROM \"FlowPaths\" WHERE \"FlowId\" = @flow AND \"Version\" = @version AND \"Signature\" = @signature",
            "@flow", "@version", "@signature");
        _probe = Prepare(dialect.ProbeSql);
    }

    private readonly StoreDialect _dialect;
    private readonly StatementPipeline _pipeline;

    public DbConnection Connection { get; }

    /// <summary>Opens a savepoint for one write: released when it is kept, rolled back alone when it is refused.</summary>
    public void Savepoint(string verb, DbTransaction transaction)
    {
        // A write rolled back alone may have filed a path: forget what this transaction filed (it is looked up again).
        if (verb == "ROLLBACK") _pendingPaths.Clear();
        Run(verb switch
        {
            "BEGIN" => _savepoint,
            "RELEASE" => _releaseSavepoint,
            _ => _rollbackSavepoint,
        }, transaction);
    }

    /// <summary>The transaction committed: the paths it filed are known from now on.</summary>
    public void Committed()
    {
        foreach (var (key, id) in _pendingPaths) _paths[key] = id;
        _pendingPaths.Clear();
    }

    /// <summary>The transaction rolled back: the paths it filed are not in the store.</summary>
    public void RolledBack() => _pendingPaths.Clear();

    /// <summary>The id of a run's path in its flow version, filed the first time any run takes it.</summary>
    private int PathIdOf(int flowId, int version, string signature, DbTransaction transaction)
    {
        var key = (flowId, version, signature);
        if (_paths.TryGetValue(key, out var id) || _pendingPaths.TryGetValue(key, out id)) return id;
        Run(_pathInsert, transaction, flowId, version, signature);
        _pathId.Transaction = transaction;
        for (var i = 0; i < 3; i++) _pathId.Parameters[i].Value = i switch { 0 => flowId, 1 => version, _ => signature };
        _dialect.BeforeExecute(_pathId);
        id = Convert.ToInt32(_pathId.ExecuteScalar());
        _pendingPaths[key] = id;
        return id;
    }

    public void Apply(RunChangeSet changes, DbTransaction transaction)
    {
        try
        {
            ApplyRows(changes, transaction);
            _pipeline.Send(transaction);
        }
        finally
        {
            _pipeline.Discard();
        }
    }

    private void ApplyRows(RunChangeSet changes, DbTransaction transaction)
    {
        if (changes.AcceptedEvent is { } accepted) _acceptedEvents.Execute(accepted, transaction);
        if (changes.Run is { } run)
        {
            if (changes.PathSignature is { } signature) run.PathId = PathIdOf(run.FlowId, run.Version, signature, transaction);
            if (changes.RunIsNew)
            {
                run.Key = _newRuns.InsertReturningKey(run, transaction);
                foreach (var (step, _) in changes.Steps) step.RunKey = run.Key;
                foreach (var runEvent in changes.Events) runEvent.RunKey = run.Key;
                foreach (var delivery in changes.Deliveries) delivery.RunKey = run.Key;
            }
            else
            {
                if (run.Key == 0)
                {
                    // Flushed while the run's first write (its insert) was still queued: it has its key by now, in this
                    // transaction or an earlier one — or it was never stored, and nothing of it may be written.
                    _keyById.Transaction = transaction;
                    _keyById.Parameters[0].Value = run.Id.ToByteArray();
                    if (_keyById.ExecuteScalar() is not long key) throw new LeaseLostException(run.Id, $"Run {run.Id:N} was never stored.");
                    run.Key = key;
                }
                // Rows made before the run had its key carry 0: everything in a change set belongs to its run.
                foreach (var (step, _) in changes.Steps) step.RunKey = run.Key;
                foreach (var runEvent in changes.Events) runEvent.RunKey = run.Key;
                foreach (var delivery in changes.Deliveries) delivery.RunKey = run.Key;
                var command = _runs;
                if (changes.ClaimAtSequence is { } expected)
                {
                    command = _claimingRuns;
                    command.Set("@now", DateTimeOffset.UtcNow.UtcTicks);
                    command.Set("@expected", expected);
                }
                command.Set(Owner, changes.Owner);
                if (command.ExecuteReturning(run, transaction) is not { } inbox) throw Refusal(run, changes.Owner, transaction);
                changes.InboxPending = Convert.ToInt64(inbox) != 0;
            }
        }
        foreach (var (step, _) in changes.Steps) _pipeline.Add(_steps.Bound(step, transaction));
        foreach (var runEvent in changes.Events) _pipeline.Add(_events.Bound(runEvent, transaction));
        foreach (var delivery in changes.Deliveries) _pipeline.Add(_deliveries.Bound(delivery, transaction));
        // An inbox entry's id is read back: what was added so far goes first, in order.
        if (changes.InboxAdds.Count > 0) _pipeline.Send(transaction);
        foreach (var entry in changes.InboxAdds)
        {
            if (changes.Run is { } owner) entry.RunKey = owner.Key;
            entry.Id = _inbox.InsertReturningKey(entry, transaction);
            // An event handed straight to a run is recorded with the resume: had it reached the run before, the resume is refused.
            if (entry.Id == 0 && changes.Run is not null)
                throw new LeaseLostException(changes.Run.Id, $"Run {changes.Run.Id:N} already had event {entry.EventId:N}.");
        }
        foreach (var (id, at, outcome) in changes.InboxApplied) _pipeline.Add(Bind(_inboxApplied, transaction, at.UtcTicks, outcome, id));
    }

    /// <summary>Why a run's row was not written: a cancel was asked for, or the lease is someone else's.</summary>
    private Exception Refusal(RunRecord run, string? owner, DbTransaction transaction)
    {
        _runState.Transaction = transaction;
        _runState.Parameters["@key"].Value = run.Key;
        using var reader = _runState.ExecuteReader();
        if (!reader.Read()) return new LeaseLostException(run.Id, $"Run {run.Id:N} is not in the store.");
        var holder = reader.IsDBNull(0) ? null : reader.GetString(0);
        if (holder == owner && !reader.IsDBNull(1)) return new RunCancelRequestedException(run.Id, reader.GetString(1));
        return new LeaseLostException(run.Id, holder == owner
            ? $"Run {run.Id:N} is at sequence {reader.GetInt32(2)} in the store, ahead of this write ({run.Sequence})."
            : $"Run {run.Id:N} is held by {holder ?? "no engine"}, not {owner ?? "this engine"}: its lease was lost.");
    }

    public bool Claim(string owner, Guid id, DateTimeOffset until, DateTimeOffset now, DbTransaction transaction) =>
        Run(_claim, transaction, owner, until.UtcTicks, id.ToByteArray(), now.UtcTicks) == 1;

    public void Lease(string owner, Guid id, DateTimeOffset? renewUntil, DbTransaction transaction)
    {
        if (renewUntil is { } until) Run(_renew, transaction, until.UtcTicks, id.ToByteArray(), owner);
        else Run(_release, transaction, id.ToByteArray(), owner);
    }

    public bool RequestCancel(Guid id, string by, DbTransaction transaction) => Run(_cancelRequest, transaction, by, id.ToByteArray()) == 1;

    /// <summary>
    /// Writes a new 64 KiB row and drops the previous one: the store must grow by 64 KiB (more than a run takes) for it to
    /// commit, so it tells whether runs can be written; the pages it frees are there for the runs that follow.
    /// </summary>
    public void Probe(DbTransaction transaction) => Run(_probe, transaction);

    private DbCommand Prepare(string sql, params string[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        _dialect.Prepare(command);
        _commands.Add(command);
        return command;
    }

    private int Run(DbCommand command, DbTransaction transaction, params object?[] values)
    {
        Bind(command, transaction, values);
        _dialect.BeforeExecute(command);
        return command.ExecuteNonQuery();
    }

    private static DbCommand Bind(DbCommand command, DbTransaction transaction, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.Transaction = transaction;
        return command;
    }

    public void Dispose()
    {
        foreach (var disposable in new IDisposable[] { _newRuns, _runs, _claimingRuns, _steps, _events, _deliveries, _inbox, _acceptedEvents }.Concat(_commands))
            disposable.Dispose();
        Connection.Dispose();
    }
}
