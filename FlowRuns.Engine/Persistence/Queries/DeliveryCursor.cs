using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>
/// A keyset position in a newest-first delivery list, as an opaque token: the creation time of the last attempt seen and
/// how many attempts created at exactly that time were already shown (ties are ordered by id, and new attempts are
/// always created later, so the count stays true).
/// </summary>
public sealed record DeliveryCursor(long CreatedTicks, int SeenAtThatTime)
{
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CreatedTicks);
        BinaryPrimitives.WriteInt32BigEndian(bytes[8..], SeenAtThatTime);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? text, [NotNullWhen(true)] out DeliveryCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length != 16) return false;
        Span<byte> bytes = stackalloc byte[12];
        if (!Convert.TryFromBase64String(text.Replace('-', '+').Replace('_', '/'), bytes, out var written) || written != 12) return false;
        cursor = new DeliveryCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt32BigEndian(bytes[8..]));
        return cursor.CreatedTicks > 0 && cursor.SeenAtThatTime > 0;
    }
}
