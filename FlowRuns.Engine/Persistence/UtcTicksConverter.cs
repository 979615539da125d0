using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlowRuns.Engine.Persistence;

/// <summary>Stores times as UTC ticks (an 8-byte integer): compact, and ordered and range-filtered by a plain index.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
