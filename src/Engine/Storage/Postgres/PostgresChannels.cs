namespace Weft.Engine.Storage.Postgres;

/// <summary>
/// The LISTEN/NOTIFY channels of one schema: <c>&lt;schema&gt;_work</c> carries queue names, <c>&lt;schema&gt;_events</c>
/// <c>instanceId:seq</c>, <c>&lt;schema&gt;_control</c> <c>signal|cancel|terminate:instanceId</c>.
/// </summary>
internal sealed record PostgresChannels(string Work, string Events, string Control)
{
    public static PostgresChannels For(string schema) => new($"{schema}_work", $"{schema}_events", $"{schema}_control");
}
