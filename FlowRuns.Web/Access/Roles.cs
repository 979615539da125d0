namespace FlowRuns.Web.Access;

/// <summary>
/// Who may do what. <b>owner</b>: everything, plus users, settings and retention. <b>manager</b>: operate — cancel,
/// replay, test runs, pause/resume/deactivate, publish, act in a contact's inbox, API keys. <b>viewer</b>: read only,
/// a contact's email and phone masked. <b>ingest</b> (API keys only): post events and start runs, nothing else.
/// </summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Manager = "manager";
    public const string Viewer = "viewer";
    public const string Ingest = "ingest";

    /// <summary>The roles a person can have.</summary>
    public static readonly string[] ForUsers = [Owner, Manager, Viewer];

    /// <summary>The roles (and scope) an API key can have.</summary>
    public static readonly string[] ForKeys = [Owner, Manager, Viewer, Ingest];

    /// <summary>Authorization policies, one per kind of action.</summary>
    public static class Policies
    {
        /// <summary>Read runs, flows, contacts, deliveries; watch live (viewer, manager, owner).</summary>
        public const string Read = "read";

        /// <summary>Operate on runs and flows (manager, owner).</summary>
        public const string Operate = "operate";

        /// <summary>Users, settings, retention (owner).</summary>
        public const string Administer = "administer";

        /// <summary>Post events and start runs (ingest, manager, owner).</summary>
        public const string Ingest = "ingest";
    }

    public static readonly string[] Readers = [Owner, Manager, Viewer];
    public static readonly string[] Operators = [Owner, Manager];
    public static readonly string[] Ingesters = [Owner, Manager, Ingest];

    public static bool IsKnownUserRole(string? role) => role is Owner or Manager or Viewer;

    public static bool IsKnownKeyRole(string? role) => role is Owner or Manager or Viewer or Ingest;

    /// <summary>What a role may do, in a sentence for the pages.</summary>
    public static string Describe(string role) => role switch
    {
        Owner => "everything: operate, users, API keys, settings and retention",
        Manager => "operate: cancel, replay, test runs, pause/resume/deactivate, publish, inbox actions, API keys",
        Viewer => "read only; contacts' email and phone masked",
        Ingest => "post events and start runs only",
        _ => role,
    };
}
