using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FlowRuns.Engine.Definitions;

/// <summary>Reads and writes the v1 flow JSON format, reporting every shape problem at once.</summary>
public static partial class FlowJson
{
    private static readonly HashSet<string> NodeCoreFields = ["id", "type", "label", "x", "y"];
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex KeyPattern();

    /// <summary>Parses a flow document; throws <see cref="FlowDefinitionException"/> listing every shape problem.</summary>
    public static FlowDefinition Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = StrictJson.Parse(json);
        }
        catch (StrictJsonException ex)
        {
            throw new FlowDefinitionException([new DefinitionProblem(ex.Message, Field: ex.Field)]);
        }
        return Parse(root);
    }

    public static FlowDefinition Parse(JsonNode? root)
    {
        var problems = new List<DefinitionProblem>();
        if (root is not JsonObject doc)
            throw new FlowDefinitionException([new DefinitionProblem("The flow must be a JSON object.", Field: "$")]);

        var key = Text(doc, "key");
        if (string.IsNullOrEmpty(key)) problems.Add(new DefinitionProblem("'key' is required.", Field: "key"));
        else if (!KeyPattern().IsMatch(key)) problems.Add(new DefinitionProblem($"'key' must be 1–100 characters of a-z, 0-9 and '-', starting with a letter or digit; '{key}' is not.", Field: "key"));
        var name = Text(doc, "name");
        if (string.IsNullOrWhiteSpace(name)) problems.Add(new DefinitionProblem("'name' is required.", Field: "name"));

        var trigger = ParseTrigger(doc["trigger"], problems);
        var nodes = ParseNodes(doc["nodes"], problems);
        var edges = ParseEdges(doc["edges"], problems);
        // Malformed edges stay in the list with empty ends (the compiler skips them), so edge indexes keep their meaning.
        var definition = new FlowDefinition(key ?? "", name ?? "", Text(doc, "versionName"), trigger ?? new TriggerDefinition("", null, null, null), nodes, edges);
        if (problems.Count > 0) throw new FlowDefinitionException(problems) { Partial = definition };
        return definition;
    }

    private static TriggerDefinition? ParseTrigger(JsonNode? node, List<DefinitionProblem> problems)
    {
        if (node is not JsonObject obj)
        {
            problems.Add(new DefinitionProblem("'trigger' is required: an object with a 'type'.", Field: "trigger"));
            return null;
        }
        var type = Text(obj, "type");
        if (type is null || !TriggerDefinition.Types.Contains(type))
            problems.Add(new DefinitionProblem($"'trigger.type' must be one of {string.Join(", ", TriggerDefinition.Types)}.", Field: "trigger.type"));
        var trigger = new TriggerDefinition(type ?? "", Text(obj, "event"), Text(obj, "cron"), Text(obj, "audience"));
        if (type == "event" && string.IsNullOrWhiteSpace(trigger.Event))
            problems.Add(new DefinitionProblem("An event trigger needs 'trigger.event', the event name that starts a run.", Field: "trigger.event"));
        if (type == "schedule" && string.IsNullOrWhiteSpace(trigger.Cron))
            problems.Add(new DefinitionProblem("A schedule trigger needs 'trigger.cron'.", Field: "trigger.cron"));
        return trigger;
    }

    private static List<NodeDefinition> ParseNodes(JsonNode? node, List<DefinitionProblem> problems)
    {
        var nodes = new List<NodeDefinition>();
        if (node is not JsonArray array)
        {
            problems.Add(new DefinitionProblem("'nodes' is required: a list of nodes.", Field: "nodes"));
            return nodes;
        }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject obj)
            {
                problems.Add(new DefinitionProblem($"nodes[{i}] must be an object.", Field: $"nodes[{i}]"));
                continue;
            }
            var id = Text(obj, "id");
            var type = Text(obj, "type");
            if (string.IsNullOrWhiteSpace(id)) { problems.Add(new DefinitionProblem($"nodes[{i}] has no 'id'.", Field: $"nodes[{i}].id")); continue; }
            if (string.IsNullOrWhiteSpace(type)) problems.Add(new DefinitionProblem("The node has no 'type'.", NodeId: id, Field: "type"));
            var config = new JsonObject();
            foreach (var (name, value) in obj)
                if (!NodeCoreFields.Contains(name)) config[name] = value?.DeepClone();
            nodes.Add(new NodeDefinition(id, type ?? "", Text(obj, "label") ?? id, Number(obj, "x"), Number(obj, "y"), config));
        }
        return nodes;
    }

    private static List<EdgeDefinition> ParseEdges(JsonNode? node, List<DefinitionProblem> problems)
    {
        var edges = new List<EdgeDefinition>();
        if (node is null) return edges;
        if (node is not JsonArray array)
        {
            problems.Add(new DefinitionProblem("'edges' must be a list.", Field: "edges"));
            return edges;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var from = array[i] is JsonObject o ? Text(o, "from") : null;
            var to = array[i] is JsonObject o2 ? Text(o2, "to") : null;
            if (from is null || to is null)
            {
                problems.Add(new DefinitionProblem("An edge needs 'from' and 'to'.", EdgeIndex: i, Field: $"edges[{i}]"));
                edges.Add(new EdgeDefinition(from ?? "", to ?? "", null));
                continue;
            }
            edges.Add(new EdgeDefinition(from, to, Text((JsonObject)array[i]!, "when")));
        }
        return edges;
    }

    private static string? Text(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Number(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    /// <summary>The definition as stored (and returned by the API): the v1 format.</summary>
    public static JsonObject ToJson(FlowDefinition flow)
    {
        var trigger = new JsonObject { ["type"] = flow.Trigger.Type };
        if (flow.Trigger.Event is not null) trigger["event"] = flow.Trigger.Event;
        if (flow.Trigger.Cron is not null) trigger["cron"] = flow.Trigger.Cron;
        if (flow.Trigger.Audience is not null) trigger["audience"] = flow.Trigger.Audience;
        var doc = new JsonObject { ["key"] = flow.Key, ["name"] = flow.Name };
        if (flow.VersionName is not null) doc["versionName"] = flow.VersionName;
        doc["trigger"] = trigger;
        doc["nodes"] = new JsonArray(flow.Nodes.Select(NodeToJson).ToArray<JsonNode?>());
        doc["edges"] = new JsonArray(flow.Edges.Select(EdgeToJson).ToArray<JsonNode?>());
        return doc;
    }

    private static JsonObject NodeToJson(NodeDefinition node)
    {
        var obj = new JsonObject { ["id"] = node.Id, ["type"] = node.Type, ["label"] = node.Label };
        if (node.X is not null) obj["x"] = node.X;
        if (node.Y is not null) obj["y"] = node.Y;
        foreach (var (name, value) in node.Config) obj[name] = value?.DeepClone();
        return obj;
    }

    private static JsonObject EdgeToJson(EdgeDefinition edge)
    {
        var obj = new JsonObject { ["from"] = edge.From, ["to"] = edge.To };
        if (!string.IsNullOrEmpty(edge.When)) obj["when"] = edge.When;
        return obj;
    }

    public static string Serialize(FlowDefinition flow) => ToJson(flow).ToJsonString(Compact);

    /// <summary>
    /// A hash of what a run executes (trigger, nodes, edges), ignoring the names and property order,
    /// so publishing an identical graph creates no new version.
    /// </summary>
    public static string GraphFingerprint(FlowDefinition flow)
    {
        var doc = ToJson(flow);
        doc.Remove("name");
        doc.Remove("versionName");
        var canonical = Canonical(doc)!.ToJsonString(Compact);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
