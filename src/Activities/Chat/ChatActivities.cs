using Weft.Activities.Embeddings;
using Weft.Engine.Activities;

namespace Weft.Activities.Chat;

/// <summary>The model activities: <c>ai.chat</c>, <c>ai.classify</c> and <c>ai.embed</c>.</summary>
public static class ChatActivities
{
    public static ActivityRegistry Register(ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add<ChatActivity>()
            .Add<ClassifyActivity>()
            .Add<EmbedActivity>();
    }
}
