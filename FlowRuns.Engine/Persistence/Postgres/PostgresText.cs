using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowRuns.Engine.Persistence.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000 (it refuses the whole statement: "invalid byte sequence for encoding UTF8: 0x00"),
/// while anything a user sends may carry one — a contact's name, an event name, a filter, a value an error message
/// quotes. So every string parameter is written with U+0000 as U+FFFD (the replacement character): a write never fails
/// over it, and a filter holding one finds nothing, as no stored text holds one. EF Core's commands get it through this
/// interceptor, the run writer's through <see cref="PostgresStoreDialect.BeforeExecute"/>.
/// </summary>
public sealed class PostgresText : DbCommandInterceptor
{
    public static readonly PostgresText Instance = new();

    public static void CleanParameters(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
            if (parameter.Value is string text && text.Contains('\0')) parameter.Value = text.Replace('\0', '\uFFFD');
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CleanParameters(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        CleanParameters(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        CleanParameters(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        CleanParameters(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        CleanParameters(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        CleanParameters(command);
        return ValueTask.FromResult(result);
    }
}
