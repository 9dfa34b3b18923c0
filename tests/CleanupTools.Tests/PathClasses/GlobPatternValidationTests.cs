using CleanupTools.Configuration;
using CleanupTools.Policies;

namespace CleanupTools.Tests.PathClasses;

/// <summary>Patterns are configuration: every hostile or unsupported form is refused with a message naming it and the problem.</summary>
public sealed class GlobPatternValidationTests
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
        { "a/**b/c", "'**' must stand alone" },
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
        { "file[0-9].txt", "'['" },
        { "{a,b}.log", "'{'" },
        { new string('a', 1025), "longer than 1024" },
        { string.Join('/', Enumerable.Repeat("a", 33)), "more than 32 segments" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_patterns_are_refused_naming_the_problem(string pattern, string problem)
    {
        var error = Assert.Throws<ConfigurationException>(() => GlobPattern.Relative(pattern, "the path class"));

        Assert.Contains(problem, error.Message);
        Assert.Contains("pattern '", error.Message);
        Assert.False(error.Message.Contains('\0'), "the message must not carry a raw NUL");
    }

    [Fact]
    public void A_null_pattern_is_refused_too()
    {
        Assert.Throws<ConfigurationException>(() => GlobPattern.Relative(null, "the path class"));
    }

    [Fact]
    public void The_message_quotes_the_pattern()
    {
        var error = Assert.Throws<ConfigurationException>(() => GlobPattern.Relative("logs/../../etc/*", "the path class"));

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
    [InlineData("file?.txt")]
    [InlineData("a]")]
    public void Supported_patterns_parse_and_keep_their_text(string pattern)
    {
        Assert.Equal(pattern, GlobPattern.Relative(pattern, "the path class").Text);
    }

    [Fact]
    public void Limits_are_inclusive()
    {
        Assert.Equal(1024, GlobPattern.Relative(new string('a', 1024), "the path class").Text.Length);
        Assert.Equal(32, GlobPattern.Relative(string.Join('/', Enumerable.Repeat("a", 32)), "the path class").Text.Split('/').Length);
    }
}
