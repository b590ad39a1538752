using Weft.Activities.Chat;
using Weft.Activities.Data;
using Weft.Engine.Activities;

namespace Weft.Activities;

/// <summary>Registers every AI and document activity of this library.</summary>
public static class AiActivities
{
    public static ActivityRegistry Register(ActivityRegistry registry)
    {
        ChatActivities.Register(registry);
        DataActivities.Register(registry);
        return registry;
    }
}
