using System.Management.Automation;
using CleanupTools.Configuration;
using CleanupTools.Operations;
using CleanupTools.PowerShell.Hosting;

namespace CleanupTools.PowerShell.Cmdlets;

/// <summary>
/// Parameters every cmdlet shares (where the store and roots are, retention overrides, schema mapping, the
/// PostgreSQL connection) and the plumbing that turns them into an engine context. No cleanup behaviour lives here.
/// </summary>
public abstract class CleanupCmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Installation directory holding jobs.db, results, uploads and temp (reference 000's --base-dir).</summary>
    [Parameter]
    [Alias("BaseDir")]
    [ValidateNotNullOrEmpty]
    public string? BasePath { get; set; }

    /// <summary>Path of the SQLite job database (default: BasePath/jobs.db).</summary>
    [Parameter]
    [Alias("DbPath", "DatabasePath")]
    [ValidateNotNullOrEmpty]
    public string? Store { get; set; }

    /// <summary>Directory of job outputs, results/&lt;job_id&gt;.</summary>
    [Parameter]
    [Alias("ResultsDir")]
    [ValidateNotNullOrEmpty]
    public string? ResultsPath { get; set; }

    /// <summary>Directory of uploaded inputs, uploads/&lt;dem_filename&gt;.</summary>
    [Parameter]
    [Alias("UploadsDir")]
    [ValidateNotNullOrEmpty]
    public string? UploadsPath { get; set; }

    /// <summary>Directory of working files, temp/&lt;job_id&gt;.</summary>
    [Parameter]
    [Alias("TempDir")]
    [ValidateNotNullOrEmpty]
    public string? TempPath { get; set; }

    /// <summary>Directory of execution logs, logs/&lt;job_id&gt; (reference 002's paths.logs).</summary>
    [Parameter]
    [Alias("LogsDir")]
    [ValidateNotNullOrEmpty]
    public string? LogsPath { get; set; }

    /// <summary>Where quarantined data is kept (default BasePath/cleanup_backups, reference 001's cleanup_backups); never inside a cleaned directory.</summary>
    [Parameter]
    [Alias("BackupDir")]
    [ValidateNotNullOrEmpty]
    public string? BackupPath { get; set; }

    /// <summary>Retention for successful jobs, overriding environment and stored policy for this call.</summary>
    [Parameter]
    [ValidateTimeSpanRange("01:00:00", "36500.00:00:00")]
    public TimeSpan? SuccessRetention { get; set; }

    /// <summary>Retention for failed jobs, overriding environment and stored policy for this call.</summary>
    [Parameter]
    [ValidateTimeSpanRange("00:01:00", "36500.00:00:00")]
    public TimeSpan? FailedRetention { get; set; }

    /// <summary>Table, column and status-value mapping for applications whose schema differs from reference 000's.</summary>
    [Parameter]
    [ValidateNotNull]
    public JobTableMapping? Schema { get; set; }

    /// <summary>Jobs read and recorded per database batch (default 100).</summary>
    [Parameter]
    [ValidateRange(1, CleanupSettings.MaxBatchSize)]
    public int? BatchSize { get; set; }

    /// <summary>Uses the PostgreSQL store: an Npgsql connection string (Host=...;Port=...;Database=...;Username=...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>Uses the PostgreSQL store on this host (reference 001's --db-host; PGHOST; default localhost).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DbHost { get; set; }

    /// <summary>PostgreSQL port (reference 001's --db-port; PGPORT; default 5433, or 5432 with a connection string).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? DbPort { get; set; }

    /// <summary>PostgreSQL database name (reference 001's --db-name; PGDATABASE; default: the user name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DbName { get; set; }

    /// <summary>PostgreSQL user name (reference 001's --db-user; PGUSER; default: the OS user).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DbUser { get; set; }

    /// <summary>
    /// PostgreSQL user and password as a credential (Get-Credential), so no password is typed in plain text.
    /// Without it the password comes from PGPASSWORD or ~/.pgpass (PGPASSFILE).
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    [Credential]
    public PSCredential? DbCredential { get; set; }

    private CleanupContext? _pipelineContext;

    protected CancellationToken StopToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// The store, opened once for the whole pipeline and released when PowerShell disposes the cmdlet: after the last
    /// record, and equally after a stop (Ctrl+C) or a terminating error, when EndProcessing never runs.
    /// </summary>
    protected CleanupContext PipelineContext => _pipelineContext ??= OpenContext();

    /// <summary>PowerShell disposes a cmdlet when its pipeline ends, however it ends.</summary>
    public void Dispose()
    {
        ReleaseResources();
        _pipelineContext?.Dispose();
        _pipelineContext = null;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a cmdlet holds beyond the pipeline's store (a run and its lock), released first.</summary>
    protected virtual void ReleaseResources()
    {
    }

    /// <summary>Options from the bound parameters; relative paths resolve against the current PowerShell location.</summary>
    protected virtual CleanupOptions BuildOptions() => new()
    {
        BaseDir = Resolve(BasePath),
        DbPath = Resolve(Store),
        ResultsDir = Resolve(ResultsPath),
        UploadsDir = Resolve(UploadsPath),
        TempDir = Resolve(TempPath),
        LogsDir = Resolve(LogsPath),
        BackupDir = Resolve(BackupPath),
        SuccessRetention = SuccessRetention,
        FailedRetention = FailedRetention,
        Mapping = Schema,
        BatchSize = BatchSize,
        ConnectionString = ConnectionString,
        DbHost = DbHost,
        DbPort = DbPort,
        DbName = DbName,
        DbUser = CredentialUser(),
        DbPassword = DbCredential?.GetNetworkCredential().Password,
    };

    /// <summary>-DbUser, or the credential's user; both given must agree, so no run guesses which login was meant.</summary>
    private string? CredentialUser()
    {
        var fromCredential = DbCredential?.UserName;
        if (DbUser is not null && fromCredential is not null && !string.Equals(DbUser, fromCredential, StringComparison.Ordinal))
            throw new ConfigurationException($"-DbUser '{DbUser}' and the -DbCredential user '{fromCredential}' differ; give one.");
        return DbUser ?? fromCredential;
    }

    /// <summary>The parameters that say where the installation is (store, table, roots, PostgreSQL login).</summary>
    private static readonly string[] LocationParameters =
    {
        nameof(BasePath), nameof(Store), nameof(ResultsPath), nameof(UploadsPath), nameof(TempPath), nameof(LogsPath), nameof(BackupPath),
        nameof(Schema), nameof(ConnectionString), nameof(DbHost), nameof(DbPort), nameof(DbName), nameof(DbUser), nameof(DbCredential),
    };

    /// <summary>Whether the caller said where the installation is, rather than leaving it to piped input or the defaults.</summary>
    protected bool LocationGiven => LocationParameters.Any(MyInvocation.BoundParameters.ContainsKey);

    protected CleanupContext OpenContext() => Open(() => CleanupContext.Open(BuildOptions(), SessionState.Path.CurrentFileSystemLocation.ProviderPath));

    /// <summary>Opens the store and roots a piped candidate came from, with this call's other options.</summary>
    protected CleanupContext OpenContext(StoreOrigin origin) => Open(() => CleanupContext.Open(BuildOptions(), origin));

    private CleanupContext Open(Func<CleanupContext> open)
    {
        try
        {
            return open();
        }
        catch (ConfigurationException e)
        {
            ThrowTerminatingError(ErrorRecords.Configuration(e));
            throw; // unreachable: ThrowTerminatingError always throws
        }
    }

    /// <summary>Runs engine code, turning a configuration problem into one terminating error.</summary>
    protected void Guard(Action body)
    {
        try
        {
            body();
        }
        catch (ConfigurationException e)
        {
            ThrowTerminatingError(ErrorRecords.Configuration(e));
        }
        catch (Stores.StoreBusyException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "StoreBusy", ErrorCategory.ResourceBusy, null));
        }
        catch (MassDeletionRefusedException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "MassDeletionRefused", ErrorCategory.LimitsExceeded, null));
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            // Ctrl+C: the current batch was recorded; PowerShell reports the stop itself.
        }
    }

    /// <summary>
    /// Runs the engine work for one input record. With piped input, a problem with that record's values is an error
    /// for that record alone and the pipeline goes on (as Set-Item does); a call without piped input ends with it.
    /// </summary>
    protected void ForRecord(object? target, Action body)
    {
        try
        {
            body();
        }
        catch (ConfigurationException e) when (MyInvocation.ExpectingInput)
        {
            WriteError(new ErrorRecord(e, "InvalidCleanupConfiguration", ErrorCategory.InvalidArgument, target));
        }
    }

    /// <summary>The engine's host for this call, at the log level EEMT_CLEANUP_LOG_LEVEL sets; a bad level ends the call.</summary>
    internal PowerShellHost CreateHost(bool force = false)
    {
        try
        {
            return new(this, force, LogLevels.Resolve(null, EnvironmentReader.FromProcess()), StopToken);
        }
        catch (ConfigurationException e)
        {
            ThrowTerminatingError(ErrorRecords.Configuration(e));
            throw; // unreachable: ThrowTerminatingError always throws
        }
    }

    private string? Resolve(string? path) => path is null ? null : GetUnresolvedProviderPathFromPSPath(path);
}
