using CleanupTools.Configuration;
using CleanupTools.FileSystem.PathClasses;

namespace CleanupTools.Tests.PathClasses;

/// <summary>Patterns are configuration: every hostile or unsupported form is refused with a message naming it and the problem.</summary>
public sealed class PathPatternTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "", "empty" },
        { "   ", "empty" },
        { "a\0b", "NUL" },
        { "logs/\u0007*.log", "control character" },
        { "logs/\n*.log", "control character" },
        { "logs/\u0085x", "control character" },
        { "/etc/*", "rooted" },
        { "/", "rooted" },
        { "~/x", "rooted" },
        { "~", "rooted" },
        { "C:/x", "rooted" },
        { "C:x", "rooted" },
        { "\\\\server\\share", "backslash" },
        { "\\x", "backslash" },
        { "C:\\x", "backslash" },
        { "..\\x", "backslash" },
        { "logs\\*.log", "use '/'" },
        { "..", "'..' segment" },
        { "../x", "'..' segment" },
        { "a/../b", "'..' segment" },
        { "a/..", "'..' segment" },
        { ".", "'.' segment" },
        { "./x", "'.' segment" },
        { "a/./b", "'.' segment" },
        { "a//b", "empty segment" },
        { "a/", "empty segment" },
        { "a/ /b", "blank segment" },
        { "file?.txt", "'?'" },
        { "file[0-9].txt", "'['" },
        { "a]", "']'" },
        { "{a,b}.log", "'{'" },
        { new string('a', 1025), "longer than 1024" },
        { string.Join('/', Enumerable.Repeat("a", 33)), "more than 32 segments" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_patterns_are_refused_naming_the_problem(string pattern, string problem)
    {
        var error = Assert.Throws<ConfigurationException>(() => PathPattern.Parse(pattern));

        Assert.Contains(problem, error.Message);
        Assert.Contains("path pattern '", error.Message);
        Assert.False(error.Message.Contains('\0'), "the message must not carry a raw NUL");
    }

    [Fact]
    public void A_null_pattern_is_refused_too()
    {
        Assert.Throws<ConfigurationException>(() => PathPattern.Parse(null));
    }

    [Fact]
    public void The_message_quotes_the_pattern()
    {
        var error = Assert.Throws<ConfigurationException>(() => PathPattern.Parse("logs/../../etc/*"));

        Assert.Contains("'logs/../../etc/*'", error.Message);
    }

    [Theory]
    [InlineData("operation_*.json")]
    [InlineData("**/operation_*.json")]
    [InlineData("logs/**/*.log")]
    [InlineData("dbt/logs/*")]
    [InlineData("**")]
    [InlineData("a b/c-d_e.f+g@h,i")]
    [InlineData(".hidden/*.tmp")]
    [InlineData("...")]
    [InlineData("a..b/c")]
    public void Supported_patterns_parse_and_keep_their_text(string pattern)
    {
        Assert.Equal(pattern, PathPattern.Parse(pattern).Text);
    }

    [Fact]
    public void Limits_are_inclusive()
    {
        Assert.Equal(1024, PathPattern.Parse(new string('a', 1024)).Text.Length);
        Assert.Equal(32, PathPattern.Parse(string.Join('/', Enumerable.Repeat("a", 32))).Text.Split('/').Length);
    }

    [Fact]
    public void Equal_texts_are_equal_patterns()
    {
        Assert.Equal(PathPattern.Parse("a/*"), PathPattern.Parse("a/*"));
        Assert.NotEqual(PathPattern.Parse("a/*"), PathPattern.Parse("A/*"));
    }
}
