using System.Text;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;
using FlowRuns.Tests.Engine.Definitions;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Engine.Execution;

/// <summary>A secret leaves only for its integration: anywhere else a flow is refused at publish, and nothing stored ever holds a secret's value.</summary>
public class SecretsNeverStoredTests : IAsyncLifetime
{
    private const string Secret = "tok-Zq81-SECRET-value";
    private LocalHttpServer _server = null!;
    private TestEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _engine = await TestEngine.StartAsync(o =>
        {
            o.Http.AllowedHosts = ["127.0.0.1"];
            o.Secrets["crmToken"] = Secret;
        });
        await _engine.CreateContactAsync("c-1", new { firstName = "Ana" });
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _engine.DeleteFiles();
        await _server.DisposeAsync();
    }

    public static readonly TheoryData<string, string> Leaks = new()
    {
        { """{ "id": "n", "type": "set", "label": "N", "assign": { "copy": "%{secrets.crmToken}" } }""", "assign.copy" },
        { """{ "id": "n", "type": "set", "label": "N", "assign": { "loud": "upper(%{ secrets.crmToken })" } }""", "assign.loud" },
        { """{ "id": "n", "type": "send", "label": "N", "channel": "card", "body": "Your code: %{secrets.crmToken}" }""", "body" },
        { """{ "id": "n", "type": "send", "label": "N", "channel": "sms", "body": "hi", "title": "%{secrets.crmToken}" }""", "title" },
        { """{ "id": "n", "type": "stopError", "label": "N", "message": "failed with %{secrets.crmToken}" }""", "message" },
        { """{ "id": "n", "type": "subflow", "label": "N", "flow": "secrets", "data": { "token": "%{secrets.crmToken}" } }""", "data.token" },
        { """{ "id": "n", "type": "condition", "label": "N", "expression": "%{secrets.crmToken} == \"x\"" }""", "expression" },
        { """{ "id": "n", "type": "http", "label": "N", "url": "https://crm.example/x", "capture": { "t": "$.%{secrets.crmToken}" } }""", "capture.t" },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void AFlowThatWouldPutASecretAnywhereButAnIntegration_IsRefusedNamingTheNodeAndField(string node, string field)
    {
        var doc = $$"""
            { "key": "secrets", "name": "S", "trigger": { "type": "api" }, "nodes": [ { "id": "start", "type": "trigger" }, {{node}}, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "start", "to": "n" } ] }
            """;
        var problems = Assert.Throws<FlowDefinitionException>(() => Compilers.Create().Compile(FlowJson.Parse(doc), _ => true)).Problems;
        Assert.Contains(problems, p => p.NodeId == "n" && p.Field == field && p.Message.Contains("uses a secret"));
    }

    [Fact]
    public async Task WhateverComesBack_NoStoredByteHoldsTheSecret()
    {
        // Legitimate use: the secret goes to the integration in a header and the body — and the service echoes both back.
        await _engine.PublishAsync(Json.Flow("echo",
            [
                new
                {
                    id = "call", type = "http", label = "Call", method = "POST", url = _server.BaseUrl + "/echo",
                    headers = new Dictionary<string, string> { ["X-Key"] = "%{secrets.crmToken}", ["Authorization"] = "Bearer %{secrets.crmToken}" },
                    body = "{\"token\": \"%{secrets.crmToken}\"}",
                    capture = new Dictionary<string, string> { ["auth"] = "$.authorization", ["raw"] = "$.body" },
                },
                new { id = "keep", type = "set", label = "Keep", assign = new Dictionary<string, string> { ["kept"] = "%{steps.call.output.auth}", ["shout"] = "upper(%{steps.call.output.auth})" } },
                new { id = "card", type = "send", label = "Card", channel = "card", body = "Kept %{kept}" },
                new { id = "wait", type = "wait", label = "Wait", @event = "go" },
                new { id = "fail", type = "stopError", label = "Fail", message = "stopped: %{shout} / %{event.note}" },
            ],
            [
                new { from = "start", to = "call" }, new { from = "call", to = "keep" }, new { from = "keep", to = "card" },
                new { from = "card", to = "wait" }, new { from = "wait", to = "fail", when = "event" },
            ]));
        var run = await _engine.RunAsync("echo", "c-1", new { note = Secret });
        Assert.Equal("Waiting", run.Status);
        // A client posts the secret's value back in an event (its own data: stored, but masked).
        var outcome = await _engine.Events.PostAsync(new ContactEvent("c-1", "go", new Dictionary<string, object?> { ["note"] = Secret.ToLowerInvariant() }));
        Assert.Single(outcome.Resumed);
        run = await _engine.WaitForStatusAsync(run.Id, "Failed");
        Assert.Contains("***", run.Error!.Message);

        await _engine.DisposeAsync(); // checkpoints the WAL into the file
        foreach (var (file, bytes) in await StoreFiles.ReadAsync(_engine.DatabasePath))
        {
            foreach (var form in new[] { Secret, Secret.ToUpperInvariant(), Secret.ToLowerInvariant() })
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) < 0, $"{Path.GetFileName(file)} holds the secret as '{form}'");
        }
        Assert.True(_server.Calls > 0);
        _engine = await _engine.ReopenAsync(o => o.Secrets["crmToken"] = Secret);
    }
}
