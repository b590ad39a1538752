namespace Weft.WorkflowServer.Triggers;

/// <summary>The trigger routes, rebuilt from published definitions; the API calls <see cref="RefreshAsync"/> after publish, unpublish and delete.</summary>
public interface ITriggerRoutes
{
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
