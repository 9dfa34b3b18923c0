using System.Globalization;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.Operations;

/// <summary>
/// The batch size may be set up to <see cref="CleanupSettings.MaxBatchSize"/>; one batch is re-read at deletion
/// time in one go, so the re-read must not exceed SQLite's limit of 32 766 bound parameters per statement.
/// </summary>
public sealed class LargeBatchTests
{
    [Fact]
    public void A_batch_larger_than_SQLites_parameter_limit_is_re_read_and_recorded()
    {
        const int count = 33_000;
        using var install = new JobInstallation();
        using (var connection = install.Connect())
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO jobs (id, workflow_type, status, completed_at) VALUES ($id, 'sol', 'completed', $at)";
            var id = insert.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
            insert.Parameters.AddWithValue("$at", install.HoursAgo(1000));
            for (var i = 0; i < count; i++)
            {
                id.Value = $"job-{i:00000}";
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        var withFiles = install.AddJob("job-zz-with-files", "completed", 1000);
        var host = new RecordingHost();

        var summary = install.Run(host, options: new CleanupOptions { BatchSize = 40_000, MaxWorkers = 2, AllowMassDeletion = true });

        Assert.Empty(host.Errors);
        Assert.Equal(count + 1, summary.SuccessfulJobsProcessed);
        Assert.False(install.AnyPresent(withFiles));
        Assert.Equal(count + 1, Convert.ToInt64(install.Scalar("SELECT COUNT(*) FROM jobs WHERE data_cleaned_at IS NOT NULL"), CultureInfo.InvariantCulture));
    }
}
