using System.Runtime.InteropServices;
using CleanupTools.Configuration;

namespace CleanupTools.Cli;

/// <summary>Maps what a command throws onto the documented exit codes, with the message on stderr.</summary>
public static class Guarded
{
    public static int Run(Func<CancellationToken, int> body)
    {
        using var cancel = new CancellationTokenSource();
        // SIGINT (Ctrl+C), SIGTERM (systemctl stop, docker stop, kill, timeout) and SIGHUP (a closed terminal) all stop
        // a run the same way: the job in hand is finished and recorded, the lock released, the report closed. A second
        // signal of any of them ends the process at once, as the default would.
        Action<PosixSignalContext> onSignal = context =>
        {
            context.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
        using var hangUp = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, onSignal);
        try
        {
            return body(cancel.Token);
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine($"cleanuptools: {Reports.HumanText.Escape(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Stores.StoreBusyException e)
        {
            Console.Error.WriteLine($"cleanuptools: {Reports.HumanText.Escape(e.Message)}");
            return ExitCodes.StoreBusy;
        }
        catch (Operations.MassDeletionRefusedException e)
        {
            Console.Error.WriteLine($"cleanuptools: {Reports.HumanText.Escape(e.Message)}");
            return ExitCodes.MassDeletionRefused;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cleanuptools: stopped by a signal; every job acted on so far is recorded and the lock is released.");
            return ExitCodes.JobErrors;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine($"cleanuptools: run stopped: {Reports.HumanText.Escape(e.Message)}");
            return ExitCodes.JobErrors;
        }
    }
}
