using CleanupTools.Tests.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CleanupTools.Tests.Contract;

/// <summary>Marks a store contract subclass that needs the PostgreSQL test server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute { }

/// <summary>
/// A fact of the store contract. The same method runs once per store subclass; for a subclass marked
/// <see cref="RequiresPostgresAttribute"/> it is skipped, with the reason, exactly when the PostgreSQL tests may be
/// (no server configured, and neither CI nor CLEANUPTOOLS_REQUIRE_PG): a plain [Fact] cannot tell the subclasses apart.
/// </summary>
[XunitTestCaseDiscoverer("CleanupTools.Tests.Contract.ContractFactDiscoverer", "CleanupTools.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute { }

public sealed class ContractFactDiscoverer : FactDiscoverer
{
    public ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : base(diagnosticMessageSink) { }

    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new ContractTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase() { }

    public ContractTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method) { }

    // Recomputed from the test class after de-serialization too, so no extra state needs serializing.
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() && TestCluster.SkipReason is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);
}
