using Microsoft.Extensions.AI;

namespace Weft.Activities.Data;

/// <summary>
/// Resolves a chat model alias (e.g. <c>router</c>, <c>main</c>) to a client. Activities find it in
/// <c>ActivityContext.Services</c>; the host binds it to its model catalog.
/// </summary>
public interface IChatProvider
{
    /// <summary>The client for <paramref name="alias"/>; throws when the alias is not configured.</summary>
    IChatClient Get(string alias);
}
