using System.Text.Json;

namespace Weft.Engine.Runtime;

/// <summary>Enum values as they appear in JSON everywhere (API, events): camelCase, like WeftJson writes them.</summary>
internal static class JsonNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
