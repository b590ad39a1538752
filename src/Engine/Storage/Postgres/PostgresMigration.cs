namespace Weft.Engine.Storage.Postgres;

/// <summary>One schema change, applied once per schema and recorded in <c>schema_migrations</c>.</summary>
internal sealed record PostgresMigration(int Version, string Name, string Sql);
