using CleanupTools.Time;

namespace CleanupTools.Tests.Engine;

/// <summary>Anything that is not one of the accepted spellings is rejected, never guessed.</summary>
public sealed class TimestampParserRejectedTests
{
    [Theory]
    [InlineData("last tuesday")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2024-13-01")]
    [InlineData("2024-13-01 00:00:00")]
    [InlineData("2024-02-30")]
    [InlineData("2023-02-29 10:00:00")]
    [InlineData("20240101")]
    [InlineData("20240101T100000")]
    [InlineData("1704067200")]
    [InlineData("1704067200.5")]
    [InlineData("1704067200000")]
    [InlineData("2024-01-01 25:00:00")]
    [InlineData("2024-01-01 24:00:00")]
    [InlineData("2024-01-01 12:60:00")]
    [InlineData("2024-01-01 12:00:61")]
    [InlineData("2024/01/01 10:00:00")]
    [InlineData("01/02/2024")]
    [InlineData("2024-01-01T10:00:00.12345678")]
    [InlineData("2024-01-01 10:00:00 UTC")]
    [InlineData("Mon, 01 Jan 2024 10:00:00 GMT")]
    [InlineData("2024-01-01T10:00:00+25:00")]
    [InlineData("2024-01-01T10:00:00 Europe/Berlin")]
    [InlineData("now")]
    [InlineData("null")]
    public void Rejected_text_is_not_parsed(string text)
    {
        Assert.False(TimestampParser.TryParseText(text, out var parsed), $"'{text}' should be rejected");
        Assert.Equal(default, parsed);
        Assert.False(TimestampParser.TryParse(text, out _));
    }

    [Fact]
    public void Numbers_and_other_driver_values_are_rejected()
    {
        foreach (var value in new object?[] { null, DBNull.Value, 1_704_067_200L, 1_704_067_200, 1_704_067_200.0, new byte[] { 1, 2 }, true })
        {
            Assert.False(TimestampParser.TryParse(value, out var parsed), $"{value?.GetType().Name ?? "null"} should be rejected");
            Assert.Equal(default, parsed);
        }
    }
}
