using System.Security.Cryptography;

namespace FlowRuns.Web.Access;

/// <summary>
/// The one-time link that creates the owner account on a workspace with no users. Made at start, printed in the log,
/// held in memory only (a restart makes a new one), and spent when the owner is created.
/// </summary>
public sealed class SetupLink
{
    private string? _tokenHash;
    private readonly Lock _lock = new();

    /// <summary>Makes a new token; returns the path of the link (<c>/account/setup?token=…</c>).</summary>
    public string Issue()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_lock) _tokenHash = ApiKeys.Hash(token);
        return "/account/setup?token=" + token;
    }

    public bool IsOpen { get { lock (_lock) return _tokenHash is not null; } }

    public bool Matches(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return false;
        lock (_lock) return _tokenHash is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(_tokenHash), System.Text.Encoding.ASCII.GetBytes(ApiKeys.Hash(token)));
    }

    /// <summary>Spends the token if it matches; true once.</summary>
    public bool TrySpend(string? token)
    {
        lock (_lock)
        {
            if (!Matches(token)) return false;
            _tokenHash = null;
            return true;
        }
    }

    /// <summary>Opens the link again after a spend whose account could not be created (a password Identity refused).</summary>
    public void Reopen(string token) { lock (_lock) _tokenHash ??= ApiKeys.Hash(token); }
}
