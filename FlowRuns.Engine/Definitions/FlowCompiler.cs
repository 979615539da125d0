using FlowRuns.Engine.Nodes;

namespace FlowRuns.Engine.Definitions;

/// <summary>
/// Checks a definition against every publish rule and compiles it: exactly one trigger; unique node ids; known types;
/// each node's settings and expressions; edges whose ends exist and whose ports the node type has; one edge per port;
/// subflows that name an existing flow. Every problem is reported at once.
/// </summary>
public sealed class FlowCompiler(NodeTypeRegistry types)
{
    /// <summary>Compiles <paramref name="definition"/>; throws <see cref="FlowDefinitionException"/> with every problem.</summary>
    /// <param name="flowExists">Whether a flow key is published (for subflow nodes); the flow's own key always exists.</param>
    public CompiledFlow Compile(FlowDefinition definition, Func<string, bool>? flowExists = null)
    {
        var problems = new List<DefinitionProblem>();
        var nodes = new Dictionary<string, CompiledNode>(StringComparer.Ordinal);

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
            var config = type.Compile(new NodeProblems(node, problems));
            nodes[node.Id] = new CompiledNode(node, type, config);
            if (type is SubflowNode && node.GetString("flow") is { Length: > 0 } key && key != definition.Key && flowExists is not null && !flowExists(key))
                problems.Add(new DefinitionProblem($"The subflow names the flow '{key}', which is not published.", node.Id, Field: "flow"));
        }

        if (definition.Trigger.Cron is { } cron)
        {
            try { Execution.Schedules.Parse(cron); }
            catch (Cronos.CronFormatException ex) { problems.Add(new DefinitionProblem($"'trigger.cron' is not a cron expression: {ex.Message}", Field: "trigger.cron")); }
        }
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
}
