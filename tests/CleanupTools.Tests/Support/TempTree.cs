namespace CleanupTools.Tests.Support;

/// <summary>A real temporary directory, removed (immutable bits cleared first) when the test ends.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cleanuptools-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Path(params string[] parts) => System.IO.Path.Combine(new[] { Root }.Concat(parts).ToArray());

    public string Dir(params string[] parts) => Directory.CreateDirectory(Path(parts)).FullName;

    public string File(string relative, int bytes = 100)
    {
        var full = Path(relative.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, new byte[bytes]);
        return full;
    }

    public void Dispose()
    {
        Undeletable.ClearAll(Root);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
