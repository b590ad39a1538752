namespace Weft.Engine.Storage.Sqlite;

/// <summary>One schema change, applied once per database in its own transaction and recorded in <c>schema_migrations</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
