namespace CleanupTools.Tests.Contract;

/// <summary>The store contract against PostgreSQL: a fresh schema on the throwaway test cluster per test.</summary>
[RequiresPostgres]
public sealed class PostgresJobStoreContractTests : JobStoreContract
{
    public PostgresJobStoreContractTests() : base(new PostgresStoreFixture()) { }
}
