using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api;

public class RunsCsvExportTests : ApiScope
{
    protected override bool SeedDemo => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PostAsync("/api/flows", Json.Flow("csv", [new { id = "=HYPERLINK(\"http://x\")", type = "end", label = "Formula-looking id" }], [new { from = "start", to = "=HYPERLINK(\"http://x\")" }]));
        await PostAsync("/api/flows", Json.Flow("halt", [new { id = "x", type = "stopError", label = "X", message = "stop" }], [new { from = "start", to = "x" }]));
        await PutAsync("/api/contacts/c-1", new { name = "Ana" });
    }

    [Fact]
    public async Task Export_HasTheFiltersOfTheList_AndEscapesFormulaCells()
    {
        for (var i = 0; i < 3; i++) await StartRunAsync("csv", new { contactId = "c-1" });
        await StartRunAsync("halt", new { contactId = "c-1" });

        var response = await Client.GetAsync("/api/runs/export.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("id,flow,version,contactId,contactName,status,trigger,startedAt,endedAt,currentNodeId,currentNodeLabel,durationMs,test,errorCode,errorMessage,failedNodeId,failedNodeLabel", lines[0]);
        Assert.Equal(5, lines.Count);
        var formulaRows = lines.Skip(1).Where(l => l.Contains(",csv,")).ToList();
        Assert.Equal(3, formulaRows.Count);
        Assert.All(formulaRows, row => Assert.DoesNotContain(",=HYPERLINK", row));
        Assert.All(formulaRows, row => Assert.Contains("'=HYPERLINK", row));

        var failed = (await Client.GetStringAsync("/api/runs/export.csv?status=Failed")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, failed.Length);
        Assert.Contains(",halt,", failed[1]);
        Assert.Equal(400, (int)(await Client.GetAsync("/api/runs/export.csv?status=Nope")).StatusCode);
    }

    [Theory]
    [InlineData("flow=csv&contact=c-1&trigger=api&range=24h", 3)]
    [InlineData("status=Completed,Failed&flow=halt&version=1", 1)]
    [InlineData("status=Completed&contact=c-1&range=7d", 3)]
    [InlineData("flow=csv&version=1&status=Failed", 0)]
    [InlineData("trigger=event", 0)]
    public async Task Export_CombinedFilters_GiveTheSameRunsAsTheList(string query, int expected)
    {
        for (var i = 0; i < 3; i++) await StartRunAsync("csv", new { contactId = "c-1" });
        await StartRunAsync("halt", new { contactId = "c-1" });

        var csvRows = (await Client.GetStringAsync("/api/runs/export.csv?" + query)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var list = (await GetJsonAsync("/api/runs?limit=500&" + query))["items"]!.AsArray();
        Assert.Equal(expected, csvRows.Count);
        Assert.Equal(list.Select(r => r!["id"]!.GetValue<string>()), csvRows.Select(r => r.Split(',')[0]));
    }

    [Theory]
    [InlineData("@SUM(1+1)")]
    [InlineData("-2+3")]
    [InlineData("+cmd|' /C calc'!A0")]
    public async Task Export_CellsThatStartLikeAFormula_AreEscaped(string nodeId)
    {
        await PostAsync("/api/flows", Json.Flow("odd", [new { id = nodeId, type = "end", label = "Odd" }], [new { from = "start", to = nodeId }]));
        await StartRunAsync("odd", new { contactId = "c-1" });

        var row = (await Client.GetStringAsync("/api/runs/export.csv?flow=odd")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Contains("'" + nodeId.Split('\'')[0], row);
        Assert.DoesNotContain("," + nodeId.Split('\'')[0], row);
    }
}
