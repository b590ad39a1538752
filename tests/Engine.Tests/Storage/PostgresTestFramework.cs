using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Weft.Engine.Tests.Storage.PostgresAwareTestFramework", "Weft.Engine.Tests")]

namespace Weft.Engine.Tests.Storage;

/// <summary>
/// Marks a test class whose every test needs a PostgreSQL cluster, including the [Fact]s it inherits (the store
/// contract), which <see cref="PostgresFactAttribute"/> cannot reach. See <see cref="PostgresAwareTestFramework"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>
/// xunit's own framework, with one change at discovery: when PostgreSQL binaries are missing and CI is not true,
/// each test of a class marked [RequiresPostgres] is reported as SKIPPED with the reason, instead of failing.
/// xunit 2 cannot skip a test once it runs, and the contract tests inherited from WorkflowStoreContractTests carry
/// plain [Fact]s, so the decision has to be made here. Every other test is discovered exactly as before.
/// </summary>
public sealed class PostgresAwareTestFramework(IMessageSink diagnosticMessageSink) : XunitTestFramework(diagnosticMessageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider sourceProvider, IMessageSink diagnostics)
        : XunitTestFrameworkDiscoverer(assembly, sourceProvider, diagnostics)
    {
        private static readonly string RequiresPostgres = typeof(RequiresPostgresAttribute).AssemblyQualifiedName!;
        private static readonly string Fact = typeof(FactAttribute).AssemblyQualifiedName!;

        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgresBinaries.SkipReason is null
                || !testMethod.TestClass.Class.GetCustomAttributes(RequiresPostgres).Any()
                || !testMethod.Method.GetCustomAttributes(Fact).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            // One skipped case per method (a theory's data rows would only repeat the reason).
            var skipped = new SkippedWithoutPostgresTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }
}

/// <summary>A test case reported skipped because PostgreSQL is not available (the reason is re-read after deserialization).</summary>
public sealed class SkippedWithoutPostgresTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedWithoutPostgresTestCase()
    {
    }

    public SkippedWithoutPostgresTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnostics, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        PostgresBinaries.SkipReason ?? base.GetSkipReason(factAttribute);
}
