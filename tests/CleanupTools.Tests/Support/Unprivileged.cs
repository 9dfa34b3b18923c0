using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace CleanupTools.Tests.Support;

/// <summary>
/// Runs code so that permission bits apply to it even though CI runs the suite as root: on a thread of its
/// own, with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from that thread's effective set (Linux
/// capabilities are per thread, so the rest of the test process keeps them). Not root: runs as is.
/// </summary>
public static class Unprivileged
{
    private const uint CapabilityVersion3 = 0x20080522;
    private const uint DacOverride = 1u << 1;
    private const uint DacReadSearch = 1u << 2;

    public static T Run<T>(Func<T> work)
    {
        if (!Undeletable.IsRoot) return work();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                DropDacCapabilities();
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static void DropDacCapabilities()
    {
        var header = new Header { Version = CapabilityVersion3, Pid = 0 };
        var data = new Data[2];
        if (capget(ref header, data) != 0) throw new InvalidOperationException($"capget failed: {Marshal.GetLastPInvokeError()}");
        data[0].Effective &= ~(DacOverride | DacReadSearch);
        if (capset(ref header, data) != 0) throw new InvalidOperationException($"capset failed: {Marshal.GetLastPInvokeError()}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int capget(ref Header header, [In, Out] Data[] data);

    [DllImport("libc", SetLastError = true)]
    private static extern int capset(ref Header header, [In, Out] Data[] data);
}
