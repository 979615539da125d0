using System.Text.Json;
using System.Text.Json.Nodes;
using FlowRuns.Engine.Expressions;

namespace FlowRuns.Tests.Support;

/// <summary>Small JSON helpers for tests: anonymous objects to variable maps, flow documents from node lists.</summary>
public static class Json
{
    public static Dictionary<string, object?> Map(object value) =>
        new((IReadOnlyDictionary<string, object?>)Values.FromJson(JsonSerializer.SerializeToNode(value))!);

    public static JsonObject Object(object value) => (JsonObject)JsonSerializer.SerializeToNode(value)!;

    /// <summary>A flow document: <c>trigger</c> node "start" first, then the given nodes and edges.</summary>
    public static JsonObject Flow(string key, object[] nodes, object[] edges, string trigger = "api") => Object(new
    {
        key,
        name = key,
        trigger = new { type = trigger },
        nodes = new object[] { new { id = "start", type = "trigger", label = "Start" } }.Concat(nodes).ToArray(),
        edges,
    });
}
