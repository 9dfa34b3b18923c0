using CleanupTools.Configuration;

namespace CleanupTools.Tests.Engine;

/// <summary>Status words map exactly as stored: case, blanks and unlisted words never become cleanable.</summary>
public sealed class JobTableMappingClassifyTests
{
    [Theory]
    [InlineData("completed", JobStatus.Completed)]
    [InlineData("failed", JobStatus.Failed)]
    [InlineData("running", JobStatus.Running)]
    [InlineData("pending", JobStatus.Pending)]
    [InlineData("Completed", JobStatus.Unknown)]
    [InlineData("COMPLETED", JobStatus.Unknown)]
    [InlineData("Failed", JobStatus.Unknown)]
    [InlineData("completed ", JobStatus.Unknown)]
    [InlineData(" failed", JobStatus.Unknown)]
    [InlineData("cancelled", JobStatus.Unknown)]
    [InlineData("", JobStatus.Unknown)]
    [InlineData(null, JobStatus.Unknown)]
    public void Default_mapping_classifies_exactly(string? raw, JobStatus expected)
    {
        Assert.Equal(expected, new JobTableMapping().Classify(raw));
    }

    [Fact]
    public void A_custom_mapping_is_case_sensitive_per_word()
    {
        var mapping = new JobTableMapping
        {
            CompletedStatuses = new[] { "success", "SUCCEEDED" },
            FailedStatuses = new[] { "error" },
            RunningStatuses = new[] { "RUNNING" },
            PendingStatuses = new[] { "queued" },
        };

        Assert.Equal(JobStatus.Completed, mapping.Classify("success"));
        Assert.Equal(JobStatus.Completed, mapping.Classify("SUCCEEDED"));
        Assert.Equal(JobStatus.Unknown, mapping.Classify("Success"));
        Assert.Equal(JobStatus.Unknown, mapping.Classify("succeeded"));
        Assert.Equal(JobStatus.Failed, mapping.Classify("error"));
        Assert.Equal(JobStatus.Unknown, mapping.Classify("ERROR"));
        Assert.Equal(JobStatus.Running, mapping.Classify("RUNNING"));
        Assert.Equal(JobStatus.Unknown, mapping.Classify("running"));
        Assert.Equal(JobStatus.Unknown, mapping.Classify("completed"));
    }

    [Fact]
    public void A_word_listed_as_both_active_and_cleanable_classifies_as_active()
    {
        var mapping = new JobTableMapping { CompletedStatuses = new[] { "done", "busy" }, RunningStatuses = new[] { "busy" } };

        Assert.Equal(JobStatus.Running, mapping.Classify("busy"));
    }

    [Fact]
    public void RawValuesFor_returns_the_mapped_words_and_nothing_for_unknown()
    {
        var mapping = new JobTableMapping { CompletedStatuses = new[] { "success", "SUCCEEDED" } };

        Assert.Equal(new[] { "success", "SUCCEEDED" }, mapping.RawValuesFor(JobStatus.Completed));
        Assert.Equal(new[] { "failed" }, mapping.RawValuesFor(JobStatus.Failed));
        Assert.Empty(mapping.RawValuesFor(JobStatus.Unknown));
    }
}
