namespace CleanupTools.Tests.Contract;

/// <summary>The store contract against SQLite: a fresh jobs.db in a temporary directory per test.</summary>
public sealed class SqliteJobStoreContractTests : JobStoreContract
{
    public SqliteJobStoreContractTests() : base(new SqliteStoreFixture()) { }
}
