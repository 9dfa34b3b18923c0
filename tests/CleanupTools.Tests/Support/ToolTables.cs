namespace CleanupTools.Tests.Support;

/// <summary>The migration steps that create the tool's own tables, in the order a first write reports them.</summary>
public static class ToolTables
{
    public static readonly string[] Created =
    {
        "created table cleanup_policies",
        "created table cleanup_holds",
        "created table cleanup_audit",
        "created index ix_cleanup_audit_run_id",
        "created index ix_cleanup_audit_job_id",
    };
}
