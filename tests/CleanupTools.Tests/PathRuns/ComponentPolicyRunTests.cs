using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Policies;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathRuns;

/// <summary>
/// Component policies on real trees: a component goes on its own schedule (logs kept longer than the results,
/// temp files sooner), and the job is marked cleaned only once nothing a policy will delete is left.
/// </summary>
public sealed class ComponentPolicyRunTests : IDisposable
{
    private readonly JobInstallation _install = new();

    public ComponentPolicyRunTests() => _install.AddJob("job-new", "completed", 1);

    public void Dispose() => _install.Dispose();

    private string LogsOf(string id) => Path.Combine(_install.Base, "logs", id);

    private static CleanupOptions Allowed => new() { AllowMassDeletion = true };

    [Fact]
    public void Logs_kept_longer_stay_after_the_results_go_and_the_job_is_cleaned_when_they_follow()
    {
        var job = _install.AddJob("job-1", "completed", 200); // past the 168 h of successful_jobs
        JobInstallation.Write(Path.Combine(LogsOf(job.Id), "run.log"), 300);
        _install.SetPolicy(new PolicyChange { Name = "completed_logs", Component = DataComponent.Logs, Status = JobStatus.Completed, Retention = TimeSpan.FromDays(30) });

        var first = new RecordingHost();
        _install.Run(first, options: Allowed);

        Assert.False(_install.AnyPresent(job));
        Assert.True(File.Exists(Path.Combine(LogsOf(job.Id), "run.log")));
        Assert.Null(_install.CleanedAt(job.Id)); // the logs are still to go
        Assert.Contains("kept until", Assert.Single(first.Of<CleanupResult>(), r => r.JobId == job.Id).Reason);

        var waiting = new RecordingHost();
        _install.Run(waiting, options: Allowed);
        Assert.DoesNotContain(waiting.Of<CleanupResult>(), r => r.JobId == job.Id && r.Outcome != CleanupOutcome.Skipped);

        _install.Clock.Advance(TimeSpan.FromDays(30));
        var later = new RecordingHost();
        _install.Run(later, options: Allowed);

        Assert.False(Directory.Exists(LogsOf(job.Id)));
        Assert.NotNull(_install.CleanedAt(job.Id));
        Assert.Equal(CleanupOutcome.Deleted, Assert.Single(later.Of<CleanupResult>(), r => r.JobId == job.Id).Outcome);
    }

    [Fact]
    public void Temp_files_with_a_shorter_retention_go_before_the_job_is_due_and_the_rest_stays()
    {
        var job = _install.AddJob("job-1", "completed", 30); // within the 168 h of successful_jobs
        _install.SetPolicy(new PolicyChange { Name = "temp_files_of_jobs", Component = DataComponent.Temp, Retention = TimeSpan.FromHours(24) });

        var host = new RecordingHost();
        _install.Run(host, options: Allowed);

        Assert.False(Directory.Exists(_install.TempOf(job.Id)));
        Assert.True(Directory.Exists(_install.ResultsOf(job.Id)));
        Assert.True(File.Exists(_install.UploadOf(job.Dem!)));
        Assert.Null(_install.CleanedAt(job.Id));
        var result = Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id);
        Assert.Equal(new[] { $"temp/{job.Id}" }, result.DirectoriesDeleted);
        Assert.Contains("temp/job-1 is past the temp_files_of_jobs retention of 1 day (24 h)", result.Reason);
    }

    [Fact]
    public void A_disabled_component_policy_keeps_that_component_and_the_job_is_still_marked_cleaned()
    {
        var job = _install.AddJob("job-1", "failed", 20); // past the 12 h of failed_jobs
        JobInstallation.Write(Path.Combine(LogsOf(job.Id), "error.log"), 120);
        _install.SetPolicy(new PolicyChange { Name = "failed_logs", Component = DataComponent.Logs, Status = JobStatus.Failed, Retention = TimeSpan.FromDays(1) });
        _install.SetPolicy(new PolicyChange { Name = "failed_logs", Enabled = false });

        _install.Run(new RecordingHost(), options: Allowed);

        Assert.False(_install.AnyPresent(job));
        Assert.True(File.Exists(Path.Combine(LogsOf(job.Id), "error.log"))); // reference 000's keep_error_logs
        Assert.NotNull(_install.CleanedAt(job.Id));
    }

    [Fact]
    public void A_component_policy_may_not_be_for_the_configuration_nor_choose_its_own_action()
    {
        using var context = _install.Open();
        var before = File.ReadAllBytes(_install.DbPath);

        Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "configs", Component = DataComponent.Configuration, Retention = TimeSpan.FromDays(1) }, new RecordingHost()));
        Assert.Throws<ConfigurationException>(() => PolicyService.Set(context, new PolicyChange { Name = "logs_q", Component = DataComponent.Logs, Retention = TimeSpan.FromDays(1), Action = CleanupAction.Quarantine }, new RecordingHost()));
        Assert.Equal(before, File.ReadAllBytes(_install.DbPath));
    }

    [Fact]
    public void Without_a_component_policy_a_jobs_logs_directory_goes_with_its_data()
    {
        var job = _install.AddJob("job-1", "completed", 200);
        JobInstallation.Write(Path.Combine(LogsOf(job.Id), "run.log"), 300);

        var host = new RecordingHost();
        _install.Run(host, options: Allowed);

        Assert.False(Directory.Exists(LogsOf(job.Id)));
        Assert.NotNull(_install.CleanedAt(job.Id));
        Assert.Contains($"logs/{job.Id}", Assert.Single(host.Of<CleanupResult>(), r => r.JobId == job.Id).DirectoriesDeleted);
    }
}
