using FlowRuns.Engine.Nodes;

namespace FlowRuns.Engine.Definitions;

/// <summary>
/// Checks a definition against every publish rule and compiles it: exactly one trigger; unique node ids; known types;
/// each node's settings and expressions; edges whose ends exist and whose ports the node type has; one edge per port;
/// subflows that name an existing flow. Every problem is reported at once.
/// </summary>
public sealed partial class FlowCompiler(NodeTypeRegistry types, Microsoft.Extensions.Options.IOptions<Execution.FlowRunsEngineOptions>? options = null)
{
    private readonly Execution.FlowRunsLimits _limits = options?.Value.Limits ?? new Execution.FlowRunsLimits();

    /// <summary>
    /// Every problem of a document whose shape was already refused: the shape problems, then whatever the rest of it
    /// (the nodes and edges that could be read) has — so one malformed edge does not hide the others.
    /// </summary>
    public IReadOnlyList<DefinitionProblem> AllProblems(FlowDefinitionException shape)
    {
        if (shape.Partial is not { } partial) return shape.Problems;
        try
        {
            Compile(partial);
            return shape.Problems;
        }
        catch (FlowDefinitionException more)
        {
            return shape.Problems.Concat(more.Problems.Where(p => !shape.Problems.Contains(p) && !(p.Field is "key" or "name" or "trigger.type" or "nodes"))).ToList();
        }
    }

    /// <summary>Compiles <paramref name="definition"/>; throws <see cref="FlowDefinitionException"/> with every problem.</summary>
    /// <param name="flowExists">Whether a flow key is published (for subflow nodes); the flow's own key always exists.</param>
    public CompiledFlow Compile(FlowDefinition definition, Func<string, bool>? flowExists = null)
    {
        var problems = new List<DefinitionProblem>();
        var nodes = new Dictionary<string, CompiledNode>(StringComparer.Ordinal);
        CheckSizes(definition, problems);

        var triggers = definition.Nodes.Count(n => n.Type == "trigger");
        if (triggers == 0) problems.Add(new DefinitionProblem("The flow needs exactly one node of type 'trigger' (its entry); it has none.", Field: "nodes"));
        foreach (var extra in definition.Nodes.Where(n => n.Type == "trigger").Skip(1))
            problems.Add(new DefinitionProblem("The flow needs exactly one trigger node; this is another one.", extra.Id, Field: "type"));

        foreach (var node in definition.Nodes)
        {
            if (nodes.ContainsKey(node.Id))
            {
                problems.Add(new DefinitionProblem($"The node id '{node.Id}' is used more than once.", node.Id, Field: "id"));
                continue;
            }
            if (!types.TryGet(node.Type, out var type))
            {
                problems.Add(new DefinitionProblem($"Unknown node type '{node.Type}'. Known types: {string.Join(", ", types.Names)}.", node.Id, Field: "type"));
                continue;
            }
            var config = type.Compile(new NodeProblems(node, problems, _limits));
            nodes[node.Id] = new CompiledNode(node, type, config);
            if (type is SubflowNode && node.GetString("flow") is { Length: > 0 } key && key != definition.Key && flowExists is not null && !flowExists(key))
                problems.Add(new DefinitionProblem($"The subflow names the flow '{key}', which is not published.", node.Id, Field: "flow"));
        }

        if (definition.Trigger.Cron is { } cron)
        {
            try
            {
                if (Execution.Schedules.ShortestInterval(cron) is { } shortest && shortest < _limits.MinScheduleInterval)
                    problems.Add(new DefinitionProblem($"'trigger.cron' fires every {shortest.TotalSeconds:0.#} s at times; a schedule may fire at most once every " +
                        $"{_limits.MinScheduleInterval.TotalMinutes:0.#} minute(s) (FlowRuns:Limits:MinScheduleInterval).", Field: "trigger.cron"));
            }
            catch (Cronos.CronFormatException ex) { problems.Add(new DefinitionProblem($"'trigger.cron' is not a cron expression: {ex.Message}", Field: "trigger.cron")); }
        }
        if (definition.Trigger.Audience is { } audienceText && SecretReference().IsMatch(audienceText))
            problems.Add(new DefinitionProblem("'trigger.audience' uses a secret: a secret may only be sent to its integration (an http node's url, headers or body).", Field: "trigger.audience"));
        if (definition.Trigger.Audience is { } audience)
        {
            try { Expressions.CompiledExpression.Parse(audience); }
            catch (Expressions.ExpressionException ex) { problems.Add(new DefinitionProblem($"'trigger.audience' does not parse: {ex.Message}", Field: "trigger.audience")); }
        }

        var used = new HashSet<(string, string)>();
        for (var i = 0; i < definition.Edges.Count; i++)
        {
            var edge = definition.Edges[i];
            if (edge.From.Length == 0 || edge.To.Length == 0) continue;
            var fromKnown = definition.Nodes.Any(n => n.Id == edge.From);
            if (!fromKnown) problems.Add(new DefinitionProblem($"The edge starts at '{edge.From}', which is not a node.", EdgeIndex: i, Field: $"edges[{i}].from"));
            if (!definition.Nodes.Any(n => n.Id == edge.To))
                problems.Add(new DefinitionProblem($"The edge from '{edge.From}' leads to '{edge.To}', which is not a node.", edge.From, i, $"edges[{i}].to"));
            if (!nodes.TryGetValue(edge.From, out var from)) continue;
            var ports = from.Type.Ports(from.Definition);
            if (!ports.Contains(edge.Port))
                problems.Add(new DefinitionProblem(ports.Count == 0
                        ? $"A {from.Definition.Type} node ends the run; it cannot have outgoing edges (edge to '{edge.To}')."
                        : $"A {from.Definition.Type} node has no port '{edge.Port}'; its ports are {string.Join(", ", ports)}.",
                    edge.From, i, $"edges[{i}].when"));
            else if (!used.Add((edge.From, edge.Port)))
                problems.Add(new DefinitionProblem($"The port '{edge.Port}' already has an edge; one port leads to one node.", edge.From, i, $"edges[{i}].when"));
        }

        if (problems.Count > 0) throw new FlowDefinitionException(problems);
        return new CompiledFlow(definition, nodes, FlowJson.GraphFingerprint(definition));
    }

    /// <summary>The publish limits of <see cref="Execution.FlowRunsLimits"/>: counts, id and label lengths, and every setting's length.</summary>
    private void CheckSizes(FlowDefinition definition, List<DefinitionProblem> problems)
    {
        if (definition.Nodes.Count > _limits.MaxNodes)
            problems.Add(new DefinitionProblem($"A flow may have at most {_limits.MaxNodes:N0} nodes (FlowRuns:Limits:MaxNodes); this one has {definition.Nodes.Count:N0}.", Field: "nodes"));
        if (definition.Edges.Count > _limits.MaxEdges)
            problems.Add(new DefinitionProblem($"A flow may have at most {_limits.MaxEdges:N0} edges (FlowRuns:Limits:MaxEdges); this one has {definition.Edges.Count:N0}.", Field: "edges"));
        if (definition.Name.Length > _limits.MaxLabelLength)
            problems.Add(new DefinitionProblem($"'name' may be at most {_limits.MaxLabelLength} characters; it has {definition.Name.Length:N0}.", Field: "name"));
        if (definition.VersionName?.Length > _limits.MaxLabelLength)
            problems.Add(new DefinitionProblem($"'versionName' may be at most {_limits.MaxLabelLength} characters; it has {definition.VersionName.Length:N0}.", Field: "versionName"));
        foreach (var node in definition.Nodes)
        {
            if (node.Id.Length > _limits.MaxNodeIdLength)
                problems.Add(new DefinitionProblem($"A node id may be at most {_limits.MaxNodeIdLength} characters; '{node.Id[..Math.Min(20, node.Id.Length)]}…' has {node.Id.Length:N0}.", node.Id[.._limits.MaxNodeIdLength] + "…", Field: "id"));
            if (node.Label.Length > _limits.MaxLabelLength)
                problems.Add(new DefinitionProblem($"A label may be at most {_limits.MaxLabelLength} characters; this one has {node.Label.Length:N0}.", node.Id, Field: "label"));
            foreach (var (field, text) in Settings(node.Config, ""))
            {
                if (text.Length > _limits.MaxSettingLength)
                    problems.Add(new DefinitionProblem($"'{field}' may be at most {_limits.MaxSettingLength:N0} characters (FlowRuns:Limits:MaxSettingLength); it has {text.Length:N0}.", node.Id, Field: field));
                else if (SecretReference().IsMatch(text) && !(node.Type == "http" && (field is "url" or "body" || field.StartsWith("headers.", StringComparison.Ordinal) || field.StartsWith("body.", StringComparison.Ordinal))))
                    problems.Add(new DefinitionProblem($"'{field}' uses a secret: a secret may only be sent to its integration — in an http node's url, headers or body — never stored, shown or sent to a contact.", node.Id, Field: field));
            }
        }
    }

    /// <summary>Every text setting of a node, with its path (<c>assign.total</c>, <c>cases[2]</c>).</summary>
    private static IEnumerable<(string Field, string Text)> Settings(System.Text.Json.Nodes.JsonNode? node, string path) => node switch
    {
        System.Text.Json.Nodes.JsonObject obj => obj.SelectMany(p => Settings(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        System.Text.Json.Nodes.JsonArray array => array.SelectMany((item, i) => Settings(item, $"{path}[{i}]")),
        System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text) => [(path, text)],
        _ => [],
    };

    /// <summary>A reference to a secret: <c>%{secrets.name}</c> (spaces allowed inside the braces).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"%\{\s*secrets\s*[.\[]", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SecretReference();
}
