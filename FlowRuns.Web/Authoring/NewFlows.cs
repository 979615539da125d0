using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;
using FlowRuns.Engine.Execution;

namespace FlowRuns.Web.Authoring;

/// <summary>
/// Flows made in the editor: a new flow (a trigger and an end to start from) or a clone of another flow's current
/// version under a new key and name. Both land as <see cref="FlowStatus.Draft"/> — their trigger starts nothing until
/// someone activates them — and never take over a key another flow has.
/// </summary>
public sealed class NewFlows(FlowCatalog catalog)
{
    /// <summary>The longest name a flow made here may have (what a card or list shows whole).</summary>
    public const int MaxNameLength = 50;

    public abstract record Outcome
    {
        public sealed record Created(PublishResult Result) : Outcome;

        /// <summary>The request breaks a rule: the field and what is wrong with it.</summary>
        public sealed record Refused(string Field, string Message) : Outcome;

        public sealed record KeyTaken(string Key) : Outcome;

        public sealed record NoSource(string Key) : Outcome;
    }

    /// <summary>A new Draft flow started manually: a trigger and an end, joined.</summary>
    public Task<Outcome> CreateAsync(string key, string name, CancellationToken cancellationToken = default) =>
        PublishAsync(new JsonObject
        {
            ["key"] = key,
            ["name"] = name,
            ["trigger"] = new JsonObject { ["type"] = "manual" },
            ["nodes"] = new JsonArray(
                new JsonObject { ["id"] = "start", ["type"] = "trigger", ["label"] = "Start", ["x"] = 160, ["y"] = 60 },
                new JsonObject { ["id"] = "done", ["type"] = "end", ["label"] = "Done", ["x"] = 160, ["y"] = 260 }),
            ["edges"] = new JsonArray(new JsonObject { ["from"] = "start", ["to"] = "done" }),
        }, cancellationToken);

    /// <summary>A Draft copy of <paramref name="sourceKey"/>'s current version under <paramref name="key"/> and <paramref name="name"/>.</summary>
    public async Task<Outcome> CloneAsync(string sourceKey, string key, string name, CancellationToken cancellationToken = default)
    {
        PublishedFlow source;
        try
        {
            source = await catalog.GetAsync(sourceKey, cancellationToken: cancellationToken);
        }
        catch (FlowNotFoundException)
        {
            return new Outcome.NoSource(sourceKey);
        }
        var document = FlowJson.ToJson(source.Graph.Definition);
        document["key"] = key;
        document["name"] = name;
        document.Remove("versionName");
        return await PublishAsync(document, cancellationToken);
    }

    private async Task<Outcome> PublishAsync(JsonObject document, CancellationToken cancellationToken)
    {
        var name = document["name"]!.GetValue<string>();
        if (string.IsNullOrWhiteSpace(name)) return new Outcome.Refused("name", "Give the flow a name.");
        if (name.Length > MaxNameLength) return new Outcome.Refused("name", $"A flow's name is at most {MaxNameLength} characters; this one has {name.Length}.");
        try
        {
            var definition = FlowJson.Parse(document);
            return new Outcome.Created(await catalog.PublishAsync(definition, new PublishOptions(NewFlowStatus: FlowStatus.Draft, NewFlowOnly: true), cancellationToken));
        }
        catch (FlowExistsException ex)
        {
            return new Outcome.KeyTaken(ex.Key);
        }
        catch (FlowDefinitionException ex)
        {
            var problem = ex.Problems[0];
            return new Outcome.Refused(problem.Field ?? "key", problem.Message);
        }
    }
}
