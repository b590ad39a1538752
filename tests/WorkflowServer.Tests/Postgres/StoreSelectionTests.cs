using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Weft.WorkflowServer.Hosting;

namespace Weft.WorkflowServer.Tests.Postgres;

/// <summary>Which store <c>Weft:Store:Provider</c> and <c>ConnectionStrings:weft</c> choose, and how mistakes are worded (no database needed).</summary>
public sealed class StoreSelectionTests
{
    private static IConfiguration Configuration(string? provider = null, string? connectionString = null, string? schema = null)
    {
        var values = new Dictionary<string, string?>();
        if (provider is not null) values["Weft:Store:Provider"] = provider;
        if (connectionString is not null) values["ConnectionStrings:weft"] = connectionString;
        if (schema is not null) values["Weft:Store:Postgres:Schema"] = schema;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static Microsoft.Extensions.Hosting.Internal.HostingEnvironment Environment() =>
        new() { EnvironmentName = "Development", ApplicationName = "test", ContentRootPath = "/srv/app" };

    private static WorkflowServerOptions Configure(IConfiguration configuration)
    {
        var options = new WorkflowServerOptions();
        configuration.GetSection(WorkflowServerOptions.SectionName).Bind(options);
        var setup = new StoreSettingsSetup(configuration, Environment());
        setup.PostConfigure(Options.DefaultName, options);
        return options;
    }

    [Theory]
    [InlineData(null, null, "Sqlite")]
    [InlineData(null, "Data Source=/srv/weft.db", "Sqlite")]
    [InlineData(null, "Host=db;Database=weft;Username=weft", "Postgres")]
    [InlineData(null, "Server=db;Database=weft", "Postgres")]
    [InlineData("POSTGRES", "Host=db", "Postgres")]
    [InlineData("sqlite", "Data Source=x.db", "Sqlite")]
    public void Resolve_ProviderAndConnectionString_ChooseTheStore(string? provider, string? connectionString, string expected) =>
        StoreSelection.Resolve(Configuration(provider, connectionString)).ToString().ShouldBe(expected);

    [Fact]
    public void PostConfigure_PostgresConnectionString_KeepsItAndTheSchema()
    {
        var options = Configure(Configuration(connectionString: "Host=db;Database=weft;Username=weft", schema: "tenant_a"));
        options.Store.ConfigurationError.ShouldBeNull();
        options.Store.SelectedProvider.ShouldBe(StoreProvider.Postgres);
        options.Store.Postgres.ConnectionString.ShouldBe("Host=db;Database=weft;Username=weft");
        StoreSettingsSetup.ToStoreOptions(options.Store.Postgres).Schema.ShouldBe("tenant_a");
    }

    [Theory]
    [InlineData("mysql", null, "Weft:Store:Provider is 'mysql'; expected 'sqlite' or 'postgres'")]
    [InlineData("postgres", null, "ConnectionStrings:weft is not set")]
    [InlineData("postgres", "Host=db;Bogus Keyword=1", "ConnectionStrings:weft is not a valid PostgreSQL connection string")]
    public void PostConfigure_SettingsThatCannotWork_FailValidationNamingTheSetting(string provider, string? connectionString, string message)
    {
        var options = Configure(Configuration(provider, connectionString));
        var result = new StoreSettingsSetup(Configuration(), Environment()).Validate(Options.DefaultName, options);
        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain(message);
    }

    [Fact]
    public void PostConfigure_SchemaNotAnIdentifier_FailsNamingTheSetting()
    {
        var options = Configure(Configuration(connectionString: "Host=db", schema: "Bad-Name"));
        options.Store.ConfigurationError.ShouldNotBeNull().ShouldContain("Weft:Store:Postgres:Schema 'Bad-Name'");
    }
}
