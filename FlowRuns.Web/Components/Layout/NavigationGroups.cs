using FlowRuns.Web.Access;

namespace FlowRuns.Web.Components.Layout;

/// <summary>One place in the app's navigation: where it goes, what it says, and who sees it (a policy; null = every reader).</summary>
public sealed record NavigationLink(string Href, string Text, string Icon, string? Policy = null, bool NewTab = false);

/// <summary>A titled group of places: what a user does there, in the seeds' words.</summary>
public sealed record NavigationGroup(string Title, IReadOnlyList<NavigationLink> Links);

/// <summary>The app's navigation, written once: the top bar shows it on a wide screen, the drawer on a phone.</summary>
public static class NavigationGroups
{
    public static readonly IReadOnlyList<NavigationGroup> All =
    [
        new("Operate", [
            new("/runs", "Runs", MudBlazor.Icons.Material.Outlined.ListAlt),
            new("/deliveries", "Deliveries", MudBlazor.Icons.Material.Outlined.Outbox),
            new("/failures", "Failures", MudBlazor.Icons.Material.Outlined.ReportProblem),
            new("/alerts", "Alerts", MudBlazor.Icons.Material.Outlined.NotificationsActive),
        ]),
        new("Build", [
            new("/flows", "Flows", MudBlazor.Icons.Material.Outlined.AccountTree),
        ]),
        new("Tools", [
            new("/lookup", "Find a run", MudBlazor.Icons.Material.Outlined.Search),
            new("/scalar/v1", "API", MudBlazor.Icons.Material.Outlined.Api, NewTab: true),
        ]),
        new("Admin", [
            new("/audit", "Audit", MudBlazor.Icons.Material.Outlined.History, Roles.Policies.Operate),
            new("/settings", "Settings", MudBlazor.Icons.Material.Outlined.Settings, Roles.Policies.Operate),
            new("/users", "Users", MudBlazor.Icons.Material.Outlined.People, Roles.Policies.Administer),
        ]),
    ];
}
