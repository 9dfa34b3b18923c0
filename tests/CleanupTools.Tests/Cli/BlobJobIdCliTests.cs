namespace CleanupTools.Tests.Cli;

/// <summary>
/// A row whose id is a BLOB names no directory the tool could tell is its job's: it is shown as x'..' (never
/// "System.Byte[]"), refused with its own error in a real run (nothing of it touched, its row not marked), found again
/// when that text is given back as an id, and every other job is still cleaned.
/// </summary>
public sealed class BlobJobIdCliTests : IDisposable
{
    private const string BlobId = "x'00ff10ab'";
    private readonly DemoInstallation _install = new();
    private readonly HashSet<string> _eligible;
    private readonly string _blobUpload;

    public BlobJobIdCliTests()
    {
        _eligible = Eligible();
        // A copy of an eligible job under a BLOB id, with its own upload: if the row were acted on, that file would go.
        var model = _eligible.Order(StringComparer.Ordinal).First();
        _install.Execute($"INSERT INTO jobs SELECT {BlobId}, workflow_type, status, created_at, completed_at, 'blob_dem.tif', parameters, error_message FROM jobs WHERE id = $id", ("$id", model));
        _blobUpload = Path.Combine(_install.Base, "uploads", "blob_dem.tif");
        File.WriteAllText(_blobUpload, "dem");
    }

    public void Dispose() => _install.Dispose();

    private HashSet<string> Eligible() =>
        _install.Cli("candidates", "--json", "--base-dir", _install.Base).Json().EnumerateArray()
            .Where(c => c.GetProperty("action").GetString() != "Held").Select(c => c.GetProperty("job_id").GetString()!).ToHashSet();

    [Fact]
    public void Candidates_show_a_blob_id_as_hex_and_say_it_would_fail()
    {
        // Listed as kept (it cannot act), as a job whose id makes an unsafe path is.
        var json = _install.Cli("candidates", "--json", "--include-kept", "--base-dir", _install.Base);
        var text = _install.Cli("candidates", "--include-kept", "--base-dir", _install.Base);

        Assert.True(json.ExitCode == 0, json.ToString());
        var blob = Assert.Single(json.Json().EnumerateArray(), c => c.GetProperty("job_id").GetString() == BlobId);
        Assert.Contains("is a BLOB", blob.GetProperty("reason").GetString());
        Assert.Equal("Keep", blob.GetProperty("action").GetString());
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains(BlobId, text.Stdout);
        Assert.Contains($"Job {BlobId} would fail", text.Stderr);
        Assert.DoesNotContain("System.Byte", json.Stdout + json.Stderr + text.Stdout + text.Stderr);
    }

    [Fact]
    public void A_run_refuses_the_blob_row_with_its_own_error_and_cleans_every_other_job()
    {
        var run = _install.Cli("run", "--json", "--allow-mass-deletion", "--base-dir", _install.Base);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"its id {BlobId} is a BLOB", run.Stderr);
        Assert.DoesNotContain("System.Byte", run.Stdout + run.Stderr);
        var details = run.Json().GetProperty("job_details").EnumerateArray().ToList();
        var refused = Assert.Single(details, d => d.GetProperty("job_id").GetString() == BlobId);
        Assert.Equal("Failed", refused.GetProperty("outcome").GetString());
        Assert.False(refused.GetProperty("data_deleted").GetBoolean());
        var cleaned = details.Where(d => d.GetProperty("data_deleted").GetBoolean()).Select(d => d.GetProperty("job_id").GetString()!).ToHashSet();
        Assert.NotEmpty(_eligible);
        Assert.Equal(_eligible, cleaned);
        Assert.True(File.Exists(_blobUpload));
        Assert.Equal(0, _install.ScalarCount("SELECT COUNT(*) FROM jobs WHERE typeof(id) = 'blob' AND data_cleaned_at IS NOT NULL"));
    }

    [Fact]
    public void The_hex_form_given_back_as_an_id_finds_the_blob_row_and_the_text_report_shows_it()
    {
        var run = _install.Cli("run", "--job-id", BlobId, "--base-dir", _install.Base);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"its id {BlobId} is a BLOB", run.Stderr);
        Assert.DoesNotContain("is not in the store", run.Stderr);
        Assert.Contains(BlobId, run.Stdout);
        Assert.DoesNotContain("System.Byte", run.Stdout + run.Stderr);
        Assert.True(File.Exists(_blobUpload));
    }
}
