namespace Weft.Activities.Chat;

/// <summary>What one model call produced.</summary>
public sealed record ChatReply(string Text, ChatUsage Usage, string? Model, string? FinishReason);
