using Weft.Engine.Activities;

namespace Weft.Activities;

/// <summary>SEAM (the AI helpers fill it in): registers every AI and document activity.</summary>
public static class AiActivities
{
    public static ActivityRegistry Register(ActivityRegistry registry) => registry;
}
