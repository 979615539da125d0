namespace FlowRuns.Engine.Nodes;

/// <summary>Which step attempt this is: the key that makes a send idempotent.</summary>
public sealed record StepIdentity(Guid RunId, int Sequence, int Attempt)
{
    public string IdempotencyKey => $"{RunId:N}:{Sequence}:{Attempt}";
}
