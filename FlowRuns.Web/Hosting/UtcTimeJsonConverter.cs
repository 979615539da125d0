using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowRuns.Web.Hosting;

/// <summary>Writes every time as ISO-8601 UTC with a Z (<c>2026-11-22T14:03:07.125Z</c>); reads any ISO-8601 time.</summary>
public sealed class UtcTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>The one way FlowRuns writes a time for people and files: ISO-8601 UTC, milliseconds, Z.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
