namespace CleanupTools.Demo;

/// <summary>Reference 000's jobs table as the application creates it: before the tool's own columns are added.</summary>
public static class ReferenceSchema
{
    public const string JobsTable = """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            workflow_type TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TIMESTAMP,
            completed_at TIMESTAMP,
            dem_filename TEXT,
            parameters TEXT,
            error_message TEXT)
        """;
}
