using CleanupTools.Configuration;

namespace CleanupTools.Cli;

/// <summary>Maps what a command throws onto the documented exit codes, with the message on stderr.</summary>
public static class Guarded
{
    public static int Run(Func<CancellationToken, int> body)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: finish the current batch and record it; a second one kills the process.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return body(cancel.Token);
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine($"cleanuptools: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Stores.StoreBusyException e)
        {
            Console.Error.WriteLine($"cleanuptools: {e.Message}");
            return ExitCodes.StoreBusy;
        }
        catch (Operations.MassDeletionRefusedException e)
        {
            Console.Error.WriteLine($"cleanuptools: {e.Message}");
            return ExitCodes.MassDeletionRefused;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cleanuptools: cancelled; every job acted on so far is recorded.");
            return ExitCodes.JobErrors;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine($"cleanuptools: run stopped: {e.Message}");
            return ExitCodes.JobErrors;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
