using Microsoft.Data.Sqlite;

namespace Weft.Activities.Tests.DataTesting;

/// <summary>A fresh directory under the system temp folder, deleted (with its SQLite files) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("weft-data-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere in the test process; the OS temp cleaner gets it.
        }
    }
}
