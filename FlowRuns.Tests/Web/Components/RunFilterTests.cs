using Bunit;
using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Support;
using FlowRuns.Web.Components.Runs.History;
using FlowRuns.Web.Components.Shared;

namespace FlowRuns.Tests.Web.Components;

/// <summary>The run-history filters: URL ↔ state, the filter bar's chips, and the status pills.</summary>
public class RunFilterTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private const string Page = "http://localhost/runs";

    [Fact]
    public void Today_StartsAtMidnightUtc_ForTheApiAndThePages_AndPendingIsAStatusChip()
    {
        var now = new DateTimeOffset(2026, 12, 2, 13, 45, 0, TimeSpan.Zero);
        var (filter, errors) = FlowRuns.Web.Api.RunFilterParser.Parse(name => name == "range" ? "Today" : null, now);
        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), filter.From);
        var (state, dropped) = RunFilterState.FromUri(Page + "?range=today&status=Pending");
        Assert.Empty(dropped);
        Assert.Equal(("today", RunStatus.Pending), (state.Range, Assert.Single(state.Statuses)));
        Assert.Contains(state.Chips(), c => c.Label == "Started: today");
        Assert.Contains(RunStatus.Pending, RunFilterState.StatusChoices);
        Assert.Contains("today", RunFilterState.RangeChoices);
    }

    [Fact]
    public void FilterState_RoundTripsThroughTheUrl()
    {
        var state = new RunFilterState
        {
            Statuses = [RunStatus.Failed, RunStatus.Waiting],
            Flow = "loan-approval",
            Versions = [1, 3],
            Contact = "+49 170 ana@example.com",
            Triggers = [RunTrigger.Event, RunTrigger.Api],
            Range = "7d",
        };
        var query = state.ToQueryString();
        Assert.Equal("?status=Failed,Waiting&flow=loan-approval&version=1,3&contact=%2B49%20170%20ana%40example.com&trigger=event,api&range=7d", query);
        var (back, dropped) = RunFilterState.FromUri(Page + query);
        Assert.Empty(dropped);
        Assert.Equal(state, back);

        var custom = new RunFilterState { From = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 11, 8, 0, 0, 0, TimeSpan.Zero) };
        Assert.Equal(custom, RunFilterState.FromUri(Page + custom.ToQueryString()).State);
        Assert.Equal("", new RunFilterState().ToQueryString());
    }

    [Fact]
    public void FilterState_BadValuesInTheUrl_AreDroppedAndReported_TheRestKept()
    {
        var (state, dropped) = RunFilterState.FromUri(Page + "?status=Exploded,Failed&version=2&range=9x&trigger=pigeon&contact=c-1&limit=3");
        Assert.Equal([RunStatus.Failed], state.Statuses);
        Assert.Empty(state.Versions);
        Assert.Null(state.Range);
        Assert.Empty(state.Triggers);
        Assert.Equal("c-1", state.Contact);
        Assert.Equal(["range", "status", "trigger", "version"], dropped.Select(d => d.Field).Order());
    }

    [Fact]
    public void ErrorCodeAndNodeFilters_RoundTrip_MakeChips_AndReachTheStoreFilter()
    {
        var state = new RunFilterState { Statuses = [RunStatus.Failed] }.WithErrorCode("MISSING_BRANCH").WithErrorCode("HTTP_ERROR").WithNode("segment");
        Assert.Equal(state, state.WithNode("segment")); // adding twice changes nothing
        var query = state.ToQueryString();
        Assert.Equal("?status=Failed&errorCode=MISSING_BRANCH,HTTP_ERROR&node=segment", query);
        var (back, dropped) = RunFilterState.FromUri(Page + query);
        Assert.Empty(dropped);
        Assert.Equal(state, back);
        Assert.Contains(("errorCode", "Error: MISSING_BRANCH or HTTP_ERROR"), state.Chips());
        Assert.Contains(("node", "At step: segment"), state.Chips());
        var filter = state.ToListFilter(DateTimeOffset.UtcNow);
        Assert.Equal(["MISSING_BRANCH", "HTTP_ERROR"], filter.ErrorCodes);
        Assert.Equal(["segment"], filter.Nodes);
        Assert.Empty(state.Without("errorCode").ErrorCodes);
        Assert.Empty(state.Without("node").Nodes);
    }

    [Fact]
    public void FilterState_RangeMovesWithTheClock()
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddHours(-24), new RunFilterState { Range = "24h" }.ToListFilter(now).From);
        Assert.Equal(now.AddDays(-30), new RunFilterState { Range = "30d" }.ToListFilter(now).From);
    }

    [Fact]
    public void FilterBar_StatusChips_ToggleSeveralAtOnce_AndAllClearsThem()
    {
        RunFilterState? changed = null;
        var bar = Render<RunFilterBar>(p => p
            .Add(b => b.State, new RunFilterState { Statuses = [RunStatus.Waiting] })
            .Add(b => b.StateChanged, s => changed = s));

        bar.Find("[data-status-chip=Failed]").Click();
        bar.WaitForAssertion(() => Assert.Equal([RunStatus.Waiting, RunStatus.Failed], changed?.Statuses));
        Assert.Equal("true", bar.Find("[data-status-chip=Waiting]").GetAttribute("aria-pressed"));

        var afterFailed = changed;
        bar.Find("[data-status-chip=Waiting]").Click();
        bar.WaitForAssertion(() => Assert.NotSame(afterFailed, changed));
        Assert.Empty(changed!.Statuses);

        var afterWaiting = changed;
        bar.Find("[data-status-chip=All]").Click();
        bar.WaitForAssertion(() => Assert.NotSame(afterWaiting, changed));
        Assert.Empty(changed!.Statuses);
    }

    [Fact]
    public void FilterBar_ShowsEachActiveFilterAsAChip_WithRemoveAndClearAll()
    {
        RunFilterState? changed = null;
        var state = new RunFilterState { Statuses = [RunStatus.Failed], Flow = "loan-approval", Versions = [2], Contact = "c-17", Range = "24h" };
        var bar = Render<RunFilterBar>(p => p
            .Add(b => b.State, state)
            .Add(b => b.Flows, ["loan-approval", "savings-nudge"])
            .Add(b => b.Versions, [1, 2])
            .Add(b => b.StateChanged, s => changed = s));

        var chips = bar.FindAll("[data-active-filter]").Select(c => c.GetAttribute("data-active-filter")).ToList();
        Assert.Equal(["status", "flow", "version", "contact", "range"], chips);
        Assert.Contains("Started: last 24 hours", bar.Find("[data-active-filter=range]").TextContent);

        bar.Find("[data-active-filter=flow] .mud-chip-close-button").Click();
        Assert.Equal(state with { Flow = null, Versions = [] }, changed);

        bar.Find("[data-field=clear-all]").Click();
        Assert.True(changed!.IsEmpty);
    }

    [Fact]
    public void FilterBar_OnAFlowPage_KeepsTheFlowWhenClearing_AndShowsNoFlowChip()
    {
        RunFilterState? changed = null;
        var bar = Render<RunFilterBar>(p => p
            .Add(b => b.State, new RunFilterState { Flow = "loan-approval", Statuses = [RunStatus.Completed] })
            .Add(b => b.FlowFixed, true)
            .Add(b => b.StateChanged, s => changed = s));

        Assert.Empty(bar.FindAll("[data-active-filter=flow]"));
        Assert.Empty(bar.FindAll("[data-field=flow-filter]"));
        bar.Find("[data-field=clear-all]").Click();
        Assert.Equal(new RunFilterState { Flow = "loan-approval" }, changed);
    }

    [Fact]
    public void FilterBar_NoActiveFilter_ShowsNoChipsAndNoClearAll()
    {
        var bar = Render<RunFilterBar>(p => p.Add(b => b.State, new RunFilterState()));
        Assert.Empty(bar.FindAll("[data-active-filter]"));
        Assert.Empty(bar.FindAll("[data-field=clear-all]"));
        Assert.Equal("true", bar.Find("[data-status-chip=All]").ClassList.Contains("mud-chip-filled") ? "true" : "false");
    }

    [Theory]
    [InlineData("Completed", "status-pill-completed")]
    [InlineData("Failed", "status-pill-failed")]
    [InlineData("Waiting", "status-pill-waiting")]
    [InlineData("Running", "status-pill-running")]
    [InlineData("Cancelled", "status-pill-cancelled")]
    public void StatusPill_ShowsTheWordAnIconAndTheColor(string status, string colorClass)
    {
        var pill = Render<RunStatusPill>(p => p.Add(s => s.Status, status));
        var chip = pill.Find(".status-pill");
        Assert.Equal(status, chip.GetAttribute("data-status"));
        Assert.Contains(status, chip.TextContent);
        Assert.Contains(colorClass, chip.ClassName);
        Assert.NotNull(chip.QuerySelector("svg path"));
    }

    [Theory]
    [InlineData(20, "just now")]
    [InlineData(300, "5 min ago")]
    [InlineData(7_200, "2 h ago")]
    [InlineData(259_200, "3 d ago")]
    public void RelativeTime_SaysHowLongAgo_AndKeepsTheExactTimeOnHover(int secondsAgo, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var time = Render<RelativeTime>(p => p.Add(t => t.At, now.AddSeconds(-secondsAgo)).Add(t => t.Now, now));
        Assert.Equal(expected, time.Find("span").TextContent);
        Assert.Equal($"{now.AddSeconds(-secondsAgo).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", time.Find("span").GetAttribute("title"));
    }
}
