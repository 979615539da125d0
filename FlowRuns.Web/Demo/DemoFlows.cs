using FlowRuns.Engine.Definitions;

namespace FlowRuns.Web.Demo;

/// <summary>The demo flows shipped with the app (embedded copies of <c>shared/flows</c>).</summary>
public static class DemoFlows
{
    public static IReadOnlyList<FlowDefinition> Load()
    {
        var assembly = typeof(DemoFlows).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Demo.Flows.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return FlowJson.Parse(reader.ReadToEnd());
            })
            .ToList();
    }
}
