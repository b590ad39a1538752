using System.Globalization;

namespace Weft.AppHost.Tests.Supervisor;

/// <summary>The Linux process table (/proc), for checking that no process is left behind.</summary>
internal static class ProcessTable
{
    /// <summary>True while the process exists and is not a zombie (a zombie has ended; only its exit status waits to be read).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return StateOf(stat) != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Every live descendant of <paramref name="pid"/> (children, their children…).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                if (StateOf(stat) == 'Z')
                    continue;
                // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[child] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, ppid) in parents)
            {
                if (ppid == parent && !found.Contains(child))
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>Live processes whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> WithCommandLine(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && IsAlive(pid))
                    found.Add(pid);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static char StateOf(string stat) => stat[stat.LastIndexOf(')') + 2];
}
