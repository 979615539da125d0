namespace FlowRuns.Web.Access;

/// <summary>The actions the audit trail records.</summary>
public static class AuditActions
{
    public const string Publish = "flow.published";
    public const string PauseFlow = "flow.paused";
    public const string ResumeFlow = "flow.resumed";
    public const string DeactivateFlow = "flow.deactivated";
    public const string ActivateFlow = "flow.activated";
    public const string FlowCreated = "flow.created";
    public const string FlowCloned = "flow.cloned";
    public const string TestRun = "run.test-started";
    public const string Cancel = "run.cancelled";
    public const string Replay = "run.replayed";
    public const string ResumeRun = "run.resumed";
    public const string InboxAction = "inbox.action";
    public const string ContactSaved = "contact.saved";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string UserCreated = "user.created";
    public const string UserInvited = "user.invited";
    public const string RoleChanged = "user.role-changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string RetentionChanged = "settings.retention-changed";
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in.failed";
    public const string KeyRefused = "key.refused";
    public const string DeliveryResent = "delivery.resent";
    public const string AlertRuleAdded = "alert.rule-added";
    public const string AlertRuleRemoved = "alert.rule-removed";

    public static readonly string[] All = [Publish, PauseFlow, ResumeFlow, DeactivateFlow, ActivateFlow, FlowCreated, FlowCloned, TestRun, Cancel, Replay, ResumeRun, InboxAction, ContactSaved,
        KeyCreated, KeyRevoked, UserCreated, UserInvited, RoleChanged, UserDisabled, UserEnabled, RetentionChanged, SignIn, SignInFailed, KeyRefused, DeliveryResent, AlertRuleAdded, AlertRuleRemoved];
}
