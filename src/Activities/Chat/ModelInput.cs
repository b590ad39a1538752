using Weft.Engine.Activities;

namespace Weft.Activities.Chat;

/// <summary>Checks shared by the model activities' inputs.</summary>
internal static class ModelInput
{
    public static void RequireAlias(string? alias, string nodeId)
    {
        if (string.IsNullOrWhiteSpace(alias))
            throw ActivityException.Validation($"Input 'model' of node '{nodeId}' is empty: name a model alias such as main, router or embeddings.");
    }
}
