using System.Globalization;
using CleanupTools.Time;

namespace CleanupTools.Tests.Engine;

/// <summary>Every accepted completion-time spelling maps to one exact UTC instant; naive values are UTC.</summary>
public sealed class TimestampParserAcceptedTests
{
    [Theory]
    // SQLite datetime('now') and ISO 8601 with T, naive = UTC
    [InlineData("2024-03-05 14:07:09", "2024-03-05T14:07:09.0000000Z")]
    [InlineData("2024-03-05T14:07:09", "2024-03-05T14:07:09.0000000Z")]
    [InlineData("2024-03-05 14:07", "2024-03-05T14:07:00.0000000Z")]
    [InlineData("2024-03-05T14:07", "2024-03-05T14:07:00.0000000Z")]
    // 1 to 7 fraction digits
    [InlineData("2024-03-05T14:07:09.1", "2024-03-05T14:07:09.1000000Z")]
    [InlineData("2024-03-05T14:07:09.12", "2024-03-05T14:07:09.1200000Z")]
    [InlineData("2024-03-05 14:07:09.123", "2024-03-05T14:07:09.1230000Z")]
    [InlineData("2024-03-05T14:07:09.1234", "2024-03-05T14:07:09.1234000Z")]
    [InlineData("2024-03-05T14:07:09.12345", "2024-03-05T14:07:09.1234500Z")]
    [InlineData("2024-03-05 14:07:09.123456", "2024-03-05T14:07:09.1234560Z")]
    [InlineData("2024-03-05T14:07:09.1234567", "2024-03-05T14:07:09.1234567Z")]
    // Z and offsets
    [InlineData("2024-03-05T14:07:09Z", "2024-03-05T14:07:09.0000000Z")]
    [InlineData("2024-03-05 14:07:09Z", "2024-03-05T14:07:09.0000000Z")]
    [InlineData("2024-03-05T14:07:09.5Z", "2024-03-05T14:07:09.5000000Z")]
    [InlineData("2024-03-05T14:07:09+02:00", "2024-03-05T12:07:09.0000000Z")]
    [InlineData("2024-03-05T14:07:09-07:00", "2024-03-05T21:07:09.0000000Z")]
    [InlineData("2024-03-05T14:07:09.123456+05:30", "2024-03-05T08:37:09.1234560Z")]
    [InlineData("2024-03-05 14:07:09 +02:00", "2024-03-05T12:07:09.0000000Z")]
    [InlineData("2024-03-05T14:07:09-0700", "2024-03-05T21:07:09.0000000Z")]
    [InlineData("2024-03-05T14:07:09+0200", "2024-03-05T12:07:09.0000000Z")]
    [InlineData("2024-03-05T14:07:09+02", "2024-03-05T12:07:09.0000000Z")]
    [InlineData("2024-01-01T01:00:00+02:00", "2023-12-31T23:00:00.0000000Z")]
    // date only is midnight UTC; surrounding blanks are ignored
    [InlineData("2024-03-05", "2024-03-05T00:00:00.0000000Z")]
    [InlineData("  2024-03-05 14:07:09 ", "2024-03-05T14:07:09.0000000Z")]
    [InlineData("2024-02-29 23:59:59", "2024-02-29T23:59:59.0000000Z")]
    public void Accepted_text_maps_to_the_exact_UTC_instant(string text, string expectedUtc)
    {
        var expected = DateTimeOffset.ParseExact(expectedUtc, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        Assert.True(TimestampParser.TryParseText(text, out var parsed), $"'{text}' should be accepted");
        Assert.Equal(expected.UtcTicks, parsed.UtcTicks);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);

        Assert.True(TimestampParser.TryParse(text, out var viaObject));
        Assert.Equal(expected.UtcTicks, viaObject.UtcTicks);
    }

    [Fact]
    public void A_DateTimeOffset_from_a_driver_is_normalised_to_UTC()
    {
        var value = new DateTimeOffset(2024, 3, 5, 14, 7, 9, TimeSpan.FromHours(2));

        Assert.True(TimestampParser.TryParse(value, out var parsed));
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 12, 7, 9, TimeSpan.Zero), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Unspecified)]
    public void A_naive_or_UTC_DateTime_from_a_driver_is_UTC(DateTimeKind kind)
    {
        var value = DateTime.SpecifyKind(new DateTime(2024, 3, 5, 14, 7, 9), kind);

        Assert.True(TimestampParser.TryParse(value, out var parsed));
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 7, 9, TimeSpan.Zero), parsed);
    }

    [Fact]
    public void Store_text_round_trips_at_second_precision()
    {
        var instant = new DateTimeOffset(2024, 3, 5, 14, 7, 9, TimeSpan.FromHours(-5));

        var text = TimestampParser.ToStoreText(instant);

        Assert.Equal("2024-03-05 19:07:09", text);
        Assert.True(TimestampParser.TryParseText(text, out var back));
        Assert.Equal(instant, back);
    }
}
