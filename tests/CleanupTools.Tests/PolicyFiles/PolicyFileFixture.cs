using CleanupTools.Operations;
using CleanupTools.Tests.Safety;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PolicyFiles;

/// <summary>Import and export through <see cref="PolicyFileService"/> on a real SQLite installation, with real files.</summary>
internal static class PolicyFileFixture
{
    /// <summary>The copies of references 000/002's cleanup_config.yaml examples, byte for byte.</summary>
    public static string ReferenceFile(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "CleanupTools.Tests", "PolicyFiles", "Reference", name);

    /// <summary>Writes <paramref name="text"/> to a file in the installation's tree and returns its path.</summary>
    public static string WriteFile(JobInstallation install, string text, string name = "cleanup_config.yaml")
    {
        var path = install.Tree.Path(name);
        File.WriteAllText(path, text);
        return path;
    }

    public static PolicyImportResult Import(JobInstallation install, string path, RecordingHost? host = null, bool allowMassDeletion = false)
    {
        using var context = install.Open();
        return PolicyFileService.Import(context, path, host ?? new RecordingHost(), allowMassDeletion);
    }

    public static PolicyImportResult ImportText(JobInstallation install, string text, RecordingHost? host = null, bool allowMassDeletion = false) =>
        Import(install, WriteFile(install, text), host, allowMassDeletion);

    public static string Export(JobInstallation install, params string[] names)
    {
        using var context = install.Open();
        return PolicyFileService.Export(context, names.Length == 0 ? null : names);
    }

    public static Dictionary<string, RetentionPolicy> InForce(JobInstallation install)
    {
        using var context = install.Open();
        return PolicyService.Get(context).ToDictionary(p => p.Name);
    }

    /// <summary>Every byte of the installation (the job database and anything beside it, e.g. a -wal file).</summary>
    public static (byte[] Db, SortedDictionary<string, string> Tree) Bytes(JobInstallation install) => (File.ReadAllBytes(install.DbPath), install.Snapshot());

    public static void AssertUnchanged((byte[] Db, SortedDictionary<string, string> Tree) before, JobInstallation install)
    {
        Assert.Equal(before.Db, File.ReadAllBytes(install.DbPath));
        Assert.Equal(before.Tree, install.Snapshot());
    }
}
