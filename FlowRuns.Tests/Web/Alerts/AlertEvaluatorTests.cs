using FlowRuns.Engine.Nodes.Http;
using FlowRuns.Engine.Persistence;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Access;
using FlowRuns.Web.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FlowRuns.Tests.Web.Alerts;

/// <summary>
/// Alert rules judged on a fake clock over a real store: more than N failures in M minutes, a run waiting longer than D,
/// the newest version's failure rate above X % — each fires once per window, links to the matching runs, and posts to
/// its webhook through the guarded client (a private address refused, the refusal recorded).
/// </summary>
public class AlertEvaluatorTests : EngineScope, IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Noon);
    private ServiceProvider _access = null!;
    private AlertRules _rules = null!;
    private AlertEvaluator _evaluator = null!;
    private readonly AlertFeed _feed = new();
    private readonly AlertOptions _options = new();

    protected override Task<TestEngine> CreateEngineAsync() => TestEngine.StartAsync(o => o.Http.AllowedHosts = ["127.0.0.1"], time: _time);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var services = new ServiceCollection();
        // The access tables on the engine's own store, whichever the provider.
        StoreDialect.For(Engine.Services.GetRequiredService<StorageOptions>())
            .AddContextFactory<AccessDbContext, FlowRuns.Web.Access.Postgres.PostgresAccessDbContext>(services, AccessDbContext.MigrationsHistoryTable, pooled: false);
        _access = services.BuildServiceProvider();
        var contexts = _access.GetRequiredService<IDbContextFactory<AccessDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync()) await db.Database.MigrateAsync();
        var counts = Engine.Services.GetRequiredService<RunCountQueries>();
        _rules = new AlertRules(contexts, counts, _time);
        _evaluator = new AlertEvaluator(contexts, counts, Engine.Services.GetRequiredService<HttpNodeClient>(), _feed,
            Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<AlertEvaluator>.Instance);
        await Engine.PublishAsync(Json.Flow("loans", [
                new { id = "check", type = "condition", label = "OK?", expression = "%{ok} == true" },
                new { id = "fail", type = "stopError", label = "Fail", message = "not ok" },
                new { id = "wait", type = "wait", label = "Wait", @event = "card.completed", timeout = "P30D" },
                new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "check" }, new { from = "check", when = "false", to = "fail" }, new { from = "check", when = "true", to = "wait" },
             new { from = "wait", when = "event", to = "e" }, new { from = "wait", when = "timeout", to = "e" }]));
        await Engine.PublishAsync(Json.Flow("other", [new { id = "fail", type = "stopError", label = "Fail", message = "always" }], [new { from = "start", to = "fail" }]));
        await Engine.CreateContactAsync("c-1");
    }

    public new async Task DisposeAsync()
    {
        await _access.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<AlertRule> AddAsync(string kind, string? flow, int? threshold, int minutes, string? webhook = null)
    {
        var (rule, problem) = await _rules.AddAsync(new AlertRuleRequest($"{kind} rule", kind, flow, threshold, minutes, webhook), "ops@example.com");
        Assert.Null(problem);
        return rule!;
    }

    private Task FailAsync(string flow = "loans") => Engine.RunAsync(flow, "c-1", new { ok = false });

    [Fact]
    public async Task MoreThanNFailuresInMMinutes_FiresOnceForTheBurst_LinksToTheFailedRuns_AndFiresAgainAfterTheWindow()
    {
        var rule = await AddAsync(AlertKinds.Failures, "loans", threshold: 2, minutes: 10);
        await FailAsync();
        await FailAsync();
        await FailAsync("other");                     // another flow's failure does not count
        Assert.Empty(await _evaluator.EvaluateAsync()); // 2 is not more than 2

        _time.Advance(TimeSpan.FromMinutes(3));
        await FailAsync();
        var fired = Assert.Single(await _evaluator.EvaluateAsync());
        Assert.Equal((rule.Id, 3), (fired.RuleId, fired.Count));
        Assert.StartsWith("3 runs of loans failed in the last 10 min", fired.Message);
        Assert.Equal("/runs?status=Failed&flow=loans&to=2026-12-01T12%3A03%3A00Z", fired.RunsLink);
        Assert.Equal(1, await _rules.UnacknowledgedAsync());

        // The same burst does not ring again inside its window, even as it grows.
        await FailAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await _evaluator.EvaluateAsync());
        // A window later, with failures still coming, it fires again.
        _time.Advance(TimeSpan.FromMinutes(6));
        for (var i = 0; i < 3; i++) await FailAsync();
        Assert.Single(await _evaluator.EvaluateAsync());
        Assert.Equal(2, (await _rules.FiredAsync()).Count);
        Assert.Equal(2, await _rules.AcknowledgeAllAsync("ana@example.com"));
        Assert.Equal(0, await _rules.UnacknowledgedAsync());
    }

    [Fact]
    public async Task AWorkspaceRule_CountsEveryFlow()
    {
        await AddAsync(AlertKinds.Failures, null, threshold: 1, minutes: 5);
        await FailAsync();
        Assert.Empty(await _evaluator.EvaluateAsync());
        await FailAsync("other");
        var fired = Assert.Single(await _evaluator.EvaluateAsync());
        Assert.Equal("/runs?status=Failed&to=2026-12-01T12%3A00%3A00Z", fired.RunsLink);
    }

    [Fact]
    public async Task ARunWaitingLongerThanD_Fires_WhenItsWaitPassesD_NotBefore()
    {
        await AddAsync(AlertKinds.Waiting, "loans", threshold: null, minutes: 60);
        await Engine.RunAsync("loans", "c-1", new { ok = true });    // waits from 12:00
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(await _evaluator.EvaluateAsync());
        _time.Advance(TimeSpan.FromMinutes(2));
        var fired = Assert.Single(await _evaluator.EvaluateAsync());
        Assert.Equal(1, fired.Count);
        Assert.Equal("1 run of loans has been waiting longer than 1 h.", fired.Message);
        Assert.Equal("/runs?status=Waiting&flow=loans&to=2026-12-01T12%3A01%3A00Z", fired.RunsLink);
    }

    [Fact]
    public async Task AFailureRateAboveX_OnTheNewestVersion_FiresOnlyOnceEnoughRunsEnded()
    {
        await AddAsync(AlertKinds.FailureRate, "loans", threshold: 50, minutes: 60);
        await FailAsync();
        await FailAsync();
        Assert.Empty(await _evaluator.EvaluateAsync());   // 2 of 2 failed, but fewer than 5 ended
        await FailAsync();
        // Waiting runs have not ended: they do not count either way. Two runs end by completing... none here: 3 of 3 failed.
        await Engine.RunAsync("other", "c-1");             // another flow
        Assert.Empty(await _evaluator.EvaluateAsync());
        await FailAsync();
        await FailAsync();
        var fired = Assert.Single(await _evaluator.EvaluateAsync());
        Assert.Equal(5, fired.Count);
        Assert.Contains("100 % of the runs of loans v1 that ended in the last 1 h failed (5 of 5", fired.Message);
        Assert.Equal("/runs?status=Failed&flow=loans&version=1&to=2026-12-01T12%3A00%3A00Z", fired.RunsLink);
    }

    [Fact]
    public async Task AFiredAlert_IsPostedToItsWebhook_AndAPrivateAddressIsRefusedByTheGuard()
    {
        await using var server = await LocalHttpServer.StartAsync();
        await AddAsync(AlertKinds.Failures, "loans", threshold: 0, minutes: 5, webhook: server.BaseUrl + "/record");
        await AddAsync(AlertKinds.Failures, "other", threshold: 0, minutes: 5, webhook: "http://10.1.2.3/hook");
        await FailAsync();
        await FailAsync("other");

        var fired = await _evaluator.EvaluateAsync();
        Assert.Equal(2, fired.Count);
        var (method, _, body) = Assert.Single(server.Recorded);
        Assert.Equal("POST", method);
        var posted = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal(("failures rule", "loans", 1), (posted["rule"]!.GetValue<string>(), posted["flow"]!.GetValue<string>(), posted["count"]!.GetValue<int>()));
        Assert.StartsWith("/runs?status=Failed&flow=loans", posted["runs"]!.GetValue<string>());
        var stored = await _rules.FiredAsync();
        Assert.Equal("200 OK", stored.Single(a => a.FlowKey == "loans").WebhookResult);
        Assert.StartsWith("not delivered:", stored.Single(a => a.FlowKey == "other").WebhookResult);
    }

    [Fact]
    public async Task OnlyTheLatestFiredAlertsAreKept()
    {
        _options.MaxFiredKept = 2;
        await AddAsync(AlertKinds.Failures, "loans", threshold: 0, minutes: 1);
        for (var round = 0; round < 4; round++)
        {
            await FailAsync();
            Assert.Single(await _evaluator.EvaluateAsync());
            _time.Advance(TimeSpan.FromMinutes(2));
        }
        var kept = await _rules.FiredAsync();
        Assert.Equal(2, kept.Count);
        Assert.Equal([Noon.AddMinutes(6), Noon.AddMinutes(4)], kept.Select(a => a.At));
    }

    [Theory]
    [InlineData("", "failures", null, 3, 10, null, "name")]
    [InlineData("x", "sometimes", null, 3, 10, null, "kind")]
    [InlineData("x", "failures", "no-such-flow", 3, 10, null, "flow")]
    [InlineData("x", "failureRate", null, 50, 10, null, "flow")]
    [InlineData("x", "failures", null, -1, 10, null, "threshold")]
    [InlineData("x", "failureRate", "loans", 100, 10, null, "threshold")]
    [InlineData("x", "waiting", null, null, 0, null, "minutes")]
    [InlineData("x", "waiting", null, null, 43201, null, "minutes")]
    [InlineData("x", "failures", null, 3, 10, "ftp://example.com/x", "webhookUrl")]
    [InlineData("x", "failures", null, 3, 10, "/relative", "webhookUrl")]
    public async Task ABadRule_IsRefused_NamingItsField(string name, string kind, string? flow, int? threshold, int minutes, string? webhook, string field)
    {
        var (rule, problem) = await _rules.AddAsync(new AlertRuleRequest(name, kind, flow, threshold, minutes, webhook), "ops");
        Assert.Null(rule);
        Assert.Equal(field, problem!.Field);
        Assert.Empty(await _rules.ListAsync());
    }
}
