using System.Net.Http.Headers;

namespace FlowRuns.Tests.Support;

/// <summary>
/// How tests get in: every test app is started with the bootstrap settings an operator would use
/// (<c>FlowRuns:Auth:BootstrapOwnerKey</c>, and for browser tests <c>…:BootstrapOwner:Email/Password</c>), so accounts and
/// keys are created by the app's own start-up code path, never written into the store behind its back.
/// </summary>
public static class TestAccess
{
    public const string OwnerKey = "test-owner-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string OwnerEmail = "owner@flowruns.test";
    public const string OwnerPassword = "correct horse battery staple";

    /// <summary>The settings that create the owner key (and, with <paramref name="ownerAccount"/>, the owner's sign-in).</summary>
    public static Dictionary<string, string?> BootstrapSettings(bool ownerAccount) => ownerAccount
        ? new() { ["FlowRuns:Auth:BootstrapOwnerKey"] = OwnerKey, ["FlowRuns:Auth:BootstrapOwner:Email"] = OwnerEmail, ["FlowRuns:Auth:BootstrapOwner:Password"] = OwnerPassword }
        : new() { ["FlowRuns:Auth:BootstrapOwnerKey"] = OwnerKey };

    public static void UseKey(HttpClient client, string key = OwnerKey) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
}
