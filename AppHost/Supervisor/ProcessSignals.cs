using System.Runtime.InteropServices;

namespace Weft.AppHost.Supervisor;

/// <summary>
/// POSIX signals to a child's process group. Children are started through <c>setsid</c>, so each leads its own
/// group (group id = its pid): a signal to <c>-pid</c> reaches the child and anything it started, and Ctrl+C in the
/// terminal reaches only the AppHost, which then stops children in order.
/// </summary>
internal static partial class ProcessSignals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>SIGTERM to the group, or to the process when it has no group yet (setsid has not run).</summary>
    public static void Terminate(int pid) => Send(pid, SigTerm);

    public static void Kill(int pid) => Send(pid, SigKill);

    private static void Send(int pid, int signal)
    {
        if (!IsSupported)
            return;
        if (NativeMethods.kill(-pid, signal) != 0)
            _ = NativeMethods.kill(pid, signal);
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for one int-only call.
        public static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
