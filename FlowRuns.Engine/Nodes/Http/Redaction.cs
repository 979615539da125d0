namespace FlowRuns.Engine.Nodes.Http;

/// <summary>Keeps secrets and credentials out of stored request and response data.</summary>
public static class Redaction
{
    public const string Mask = "***";

    private static readonly string[] SensitiveHeaderParts = ["authorization", "token", "secret", "password", "api-key", "apikey", "cookie", "signature"];

    public static bool IsSensitiveHeader(string name) =>
        SensitiveHeaderParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    public static string Redact(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
            if (secret.Length >= 3) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>Cuts a body to <paramref name="max"/> characters and says how long it was.</summary>
    public static string Cap(string text, int max) =>
        text.Length <= max ? text : text[..max] + $"… [truncated: {text.Length} characters, {max} stored]";
}
