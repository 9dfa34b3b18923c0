using System.CommandLine;
using System.Runtime.CompilerServices;

namespace CleanupTools.Cli;

/// <summary>The heading each option is listed under in help; a command's own options come first, under "Options".</summary>
public static class HelpSections
{
    public const string Options = "Options";
    public const string Store = "Store";
    public const string Postgres = "PostgreSQL store";
    public const string Schema = "Job table";
    public const string Roots = "Roots";
    public const string Retention = "Retention";
    public const string Performance = "Performance";
    public const string Output = "Output";

    /// <summary>The order headings appear in.</summary>
    public static readonly string[] Order = { Options, Roots, Retention, Store, Postgres, Schema, Performance, Output };

    private static readonly ConditionalWeakTable<Option, string> Headings = new();

    public static T In<T>(this T option, string heading) where T : Option
    {
        Headings.AddOrUpdate(option, heading);
        return option;
    }

    public static string Of(Option option) => Headings.TryGetValue(option, out var heading) ? heading : Options;
}
