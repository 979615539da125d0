using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace FlowRuns.Web.Access;

/// <summary>
/// Creates, checks and revokes API keys. A key is shown once, when created; the store keeps its SHA-256 hash and its
/// first <see cref="PrefixLength"/> characters (the public prefix). A presented key is looked up by prefix and its hash
/// compared in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>). A verified key is remembered for
/// <see cref="CacheFor"/> so ingestion does not read the store on every request; revoking on this node forgets it at
/// once. Last-used time is written at most once a minute per key.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<AccessDbContext> contexts, TimeProvider time, ILogger<ApiKeys> logger)
{
    public const int PrefixLength = 8;
    public const int MinLength = 32;
    public const int MaxLength = 256;
    public const string GeneratedStart = "frk_";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, VerifiedKey> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastUsedWritten = new();

    /// <summary>A key that checked out: what it may do and how to name it.</summary>
    public sealed record VerifiedKey(long Id, string Prefix, string Name, string Role, DateTimeOffset CheckedAt)
    {
        /// <summary>How the audit trail and "cancelled by" name it.</summary>
        public string Actor => $"key {Prefix}";
    }

    /// <summary>A new random key: <c>frk_</c> and 40 URL-safe characters (240 bits).</summary>
    public static string Generate() =>
        GeneratedStart + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key[..Math.Min(PrefixLength, key.Length)];

    /// <summary>Stores a key (a new random one, or <paramref name="plain"/> the operator chose) and returns it with its record; the plain key is never stored.</summary>
    public async Task<(ApiKey Key, string Plain)> CreateAsync(string name, string role, string createdBy, string? plain = null, CancellationToken cancellationToken = default)
    {
        if (!Roles.IsKnownKeyRole(role)) throw new ArgumentException($"'{role}' is not a key role ({string.Join(", ", Roles.ForKeys)}).", nameof(role));
        plain ??= Generate();
        if (plain.Length is < MinLength or > MaxLength) throw new ArgumentException($"An API key has {MinLength}–{MaxLength} characters.", nameof(plain));
        var key = new ApiKey
        {
            Prefix = PrefixOf(plain), Hash = Hash(plain), Name = name.Trim(), Role = role,
            CreatedAt = time.GetUtcNow(), CreatedBy = createdBy,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, plain);
    }

    /// <summary>The key <paramref name="presented"/> names when it exists and is not revoked; null otherwise.</summary>
    public async Task<VerifiedKey?> VerifyAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (presented.Length is < MinLength or > MaxLength) return null;
        var hash = Hash(presented);
        var now = time.GetUtcNow();
        if (_verified.TryGetValue(hash, out var known) && now - known.CheckedAt < CacheFor)
        {
            await TouchAsync(known, now, cancellationToken);
            return known;
        }
        _verified.TryRemove(hash, out _);
        var prefix = PrefixOf(presented);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.ApiKeys.AsNoTracking().Where(k => k.Prefix == prefix && k.RevokedAt == null).ToListAsync(cancellationToken);
        var hashBytes = Encoding.ASCII.GetBytes(hash);
        var match = candidates.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.Hash), hashBytes));
        if (match is null) return null;
        var verified = new VerifiedKey(match.Id, match.Prefix, match.Name, match.Role, now);
        _verified[hash] = verified;
        await TouchAsync(verified, now, cancellationToken);
        return verified;
    }

    private async Task TouchAsync(VerifiedKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_lastUsedWritten.TryGetValue(key.Id, out var written) && now - written < LastUsedGranularity) return;
        _lastUsedWritten[key.Id] = now;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not record when key {Prefix} was last used", key.Prefix);
        }
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).ToList();
    }

    /// <summary>Revokes a key: refused from now on (at once on this node, within <see cref="CacheFor"/> on others). False when there was no such active key.</summary>
    public async Task<ApiKey?> RevokeAsync(long id, string by, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken);
        if (key is null) return null;
        key.RevokedAt = time.GetUtcNow();
        key.RevokedBy = by;
        await db.SaveChangesAsync(cancellationToken);
        _verified.TryRemove(key.Hash, out _);
        return key;
    }

    /// <summary>True when a key with this exact value is stored and not revoked.</summary>
    public async Task<bool> ExistsAsync(string plain, CancellationToken cancellationToken = default)
    {
        var hash = Hash(plain);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AnyAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
    }

    public async Task<bool> AnyOwnerKeyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AnyAsync(k => k.Role == Roles.Owner && k.RevokedAt == null, cancellationToken);
    }
}
