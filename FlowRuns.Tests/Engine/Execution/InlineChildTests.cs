using FlowRuns.Engine.Execution;
using FlowRuns.Engine.Persistence.Queries;
using FlowRuns.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>
/// A subflow child is walked inline by its parent's engine, and that engine claims nothing else of it meanwhile: a contact
/// event that reaches the child's inbox while its http step is in flight does not take its lease from the walk.
/// </summary>
public class InlineChildTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private LocalHttpServer _server = null!;
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _engine = await TestEngine.StartAsync(o => o.Http.AllowedHosts = ["127.0.0.1"], services: s => s.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AnEventReachingAChildMidWalk_IsQueued_AndTheParentsWalkKeepsTheChild()
    {
        await _engine.PublishAsync(Json.Flow("child",
            [new { id = "crm", type = "http", label = "CRM", method = "POST", url = _server.BaseUrl + "/callback" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "crm" }, new { from = "crm", to = "e" }]));
        await _engine.PublishAsync(Json.Flow("parent",
            [new { id = "sub", type = "subflow", label = "Sub", flow = "child" }, new { id = "e", type = "end", label = "E" }],
            [new { from = "start", to = "sub" }, new { from = "sub", to = "e" }]));
        await _engine.CreateContactAsync("c-1");
        EventOutcome? posted = null;
        // While the child's http call is in flight, the customer does something: the event goes to the walking child's inbox.
        _server.OnCallback = async () =>
        {
            var child = Assert.Single((await _engine.Runs.ListAsync(new RunListFilter { Flow = "child" })).Items);
            Assert.Equal("Running", child.Status);
            posted = await _engine.Events.PostAsync(new ContactEvent("c-1", "app.opened", new Dictionary<string, object?>()));
        };

        var parent = await _engine.RunAsync("parent", "c-1");

        Assert.NotNull(posted);
        Assert.Equal("Completed", parent.Status); // walked through in one go, not left to recovery
        var childRun = await _engine.GetAsync(Guid.Parse(Assert.Single(parent.ChildRunIds)));
        Assert.Equal(("Completed", 1), (childRun.Status, _server.Calls));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("lease was lost"));
    }
}
