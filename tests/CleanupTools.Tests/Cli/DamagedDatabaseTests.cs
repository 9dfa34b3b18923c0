using CleanupTools.Tests.Safety;

namespace CleanupTools.Tests.Cli;

/// <summary>
/// A truncated, overwritten or emptied job database stops every command with exit 2 and a message naming the
/// file, before a single path is touched and without writing to the damaged file (regression: these held).
/// </summary>
public sealed class DamagedDatabaseTests
{
    public static TheoryData<string, string> Damages() => new()
    {
        { "truncated", "run" }, { "truncated", "candidates" }, { "truncated", "stats" },
        { "header", "run" }, { "header", "candidates" },
        { "empty", "run" }, { "empty", "candidates" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_database_stops_the_command_with_exit_2_and_touches_nothing(string damage, string command)
    {
        using var demo = new DemoInstallation();
        Damage(demo.DbPath, damage);
        var before = TreeSnapshot.Take(demo.Tree.Root);

        var result = command == "run"
            ? demo.Cli("run", "--base-dir", demo.Base, "--allow-mass-deletion")
            : demo.Cli(command, "--base-dir", demo.Base);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(demo.DbPath, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr); // a message, not a stack trace
        Assert.Equal(before, TreeSnapshot.Take(demo.Tree.Root));
    }

    private static void Damage(string db, string damage)
    {
        switch (damage)
        {
            case "truncated":
                using (var file = File.OpenWrite(db)) file.SetLength(file.Length / 2);
                break;
            case "header":
                using (var file = File.OpenWrite(db)) file.Write("this is no SQLite file, not at all"u8);
                break;
            case "empty":
                File.WriteAllBytes(db, Array.Empty<byte>());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage));
        }
    }
}
