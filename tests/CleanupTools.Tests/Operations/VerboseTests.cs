using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>-Verbose explains every decision: why each job is kept, and which rule lets each cleaned job go.</summary>
public sealed class VerboseTests
{
    [Fact]
    public void Verbose_names_every_job_with_the_rule_that_decided_it()
    {
        using var install = new JobInstallation();
        install.AddJob("job-old", "completed", 200, seed: 1);
        install.AddJob("job-failed-old", "failed", 13, seed: 2);
        install.AddJob("job-recent", "completed", 100, seed: 3);
        install.AddJob("job-failed-recent", "failed", 11, seed: 4);
        install.AddJob("job-no-time", "completed", null, seed: 5);
        install.InsertRow("job-garbage", "completed", "last tuesday", null);
        var host = new RecordingHost();

        install.Run(host);

        Assert.Contains(host.Verbose, v => v.StartsWith("Job job-old: cleaning (DeleteData)") && v.Contains("at or past the successful_jobs retention of 7 days"));
        Assert.Contains(host.Verbose, v => v.StartsWith("Job job-failed-old: cleaning (DeleteAll)") && v.Contains("at or past the failed_jobs retention of 12 h"));
        Assert.Contains(host.Verbose, v => v.StartsWith("Job job-recent: kept") && v.Contains("within the successful_jobs retention") && v.Contains("eligible from"));
        Assert.Contains(host.Verbose, v => v.StartsWith("Job job-failed-recent: kept") && v.Contains("within the failed_jobs retention"));
        Assert.Contains(host.Verbose, v => v.StartsWith("Job job-no-time: kept") && v.Contains("no completed_at"));
        Assert.Contains(host.Verbose, v => v.StartsWith("Job job-garbage: kept") && v.Contains("not a recognised timestamp"));
        Assert.Contains(host.Warnings, w => w.Contains("job-garbage") && w.Contains("last tuesday"));
        // The first write migrates the application's table; the run says so once, and lists the changes as verbose lines.
        Assert.Single(host.Warnings, w => w.StartsWith("Changed the store's schema"));
        Assert.Contains(host.Verbose, v => v.StartsWith("Changed the store's schema:") && v.Contains("data_cleaned_at"));
    }
}
