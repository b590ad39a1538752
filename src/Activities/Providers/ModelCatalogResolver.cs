namespace Weft.Activities.Providers;

/// <summary>
/// Finds the <see cref="IModelCatalog"/> an activity should use: the one registered in the services,
/// else — in processes without one, such as the CLI — a catalog built once from the environment
/// (<see cref="ModelCatalogOptions.FromEnvironment"/>).
/// </summary>
public static class ModelCatalogResolver
{
    private static readonly Lazy<ModelCatalog> FromEnvironment = new(ModelCatalog.FromEnvironment);

    public static IModelCatalog Resolve(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService(typeof(IModelCatalog)) as IModelCatalog ?? FromEnvironment.Value;
    }
}
