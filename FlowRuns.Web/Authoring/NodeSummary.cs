using System.Text.Json.Nodes;
using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Authoring;

/// <summary>What a node does, in one line for the editing canvas: its expression, message, event, wait or call.</summary>
public static class NodeSummary
{
    public static string Of(NodeDefinition node) => node.Type switch
    {
        "condition" => node.GetString("expression") ?? "",
        "switch" => $"{node.GetString("on")} → {string.Join(", ", (node.Get("cases") as JsonArray ?? []).Select(c => c?.ToJsonString().Trim('"')))}",
        "send" => $"{node.GetString("channel")}: {node.GetString("title") ?? node.GetString("body")}",
        "wait" => $"for {node.GetString("event")}{(node.GetString("timeout") is { } timeout ? $", at most {timeout}" : "")}",
        "delay" => node.GetString("duration") ?? (node.GetString("until") is { } until ? $"until {until}" : node.Has("businessHours") ? "until business hours" : ""),
        "http" => $"{node.GetString("method")} {node.GetString("url")}",
        "set" => string.Join(", ", (node.Get("assign") as JsonObject ?? []).Select(p => $"{p.Key} = {p.Value?.ToString()}")),
        "subflow" => string.IsNullOrEmpty(node.GetString("flow")) ? "" : $"runs {node.GetString("flow")}",
        "stopError" => node.GetString("message") ?? "",
        _ => "",
    };
}
