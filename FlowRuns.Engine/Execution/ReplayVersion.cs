namespace FlowRuns.Engine.Execution;

/// <summary>Which version of its flow a replay runs on: the one the original ran (the default), the current one, or a chosen one.</summary>
public readonly record struct ReplayVersion
{
    /// <summary>A chosen version number; null for the original's or the current one.</summary>
    public int? Number { get; private init; }

    public bool Current { get; private init; }

    public static ReplayVersion Original => default;

    public static ReplayVersion CurrentOne => new() { Current = true };

    public static ReplayVersion Of(int number) => new() { Number = number };

    public override string ToString() => Current ? "current" : Number is { } number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "original";
}
