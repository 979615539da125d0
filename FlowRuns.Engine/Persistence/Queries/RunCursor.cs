using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace FlowRuns.Engine.Persistence.Queries;

/// <summary>A keyset position in a newest-first run list: the start time and row key of the last run seen, as an opaque token.</summary>
public sealed record RunCursor(long StartedTicks, long Key)
{
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, StartedTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Key);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? text, [NotNullWhen(true)] out RunCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length != 22) return false;
        var base64 = text.Replace('-', '+').Replace('_', '/') + "==";
        Span<byte> bytes = stackalloc byte[18];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != 16) return false;
        cursor = new RunCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]));
        return cursor.StartedTicks > 0 && cursor.Key > 0;
    }
}
