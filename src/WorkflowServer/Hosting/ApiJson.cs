using System.Text.Json;
using Weft.Engine.Model;

namespace Weft.WorkflowServer.Hosting;

/// <summary>
/// The API speaks the same JSON as the engine stores (<see cref="WeftJson.Options"/>): camelCase, enums as
/// camelCase strings, nulls omitted, comments and trailing commas accepted on the way in.
/// </summary>
internal static class ApiJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        var weft = WeftJson.Options;
        options.PropertyNamingPolicy = weft.PropertyNamingPolicy;
        options.PropertyNameCaseInsensitive = weft.PropertyNameCaseInsensitive;
        options.DefaultIgnoreCondition = weft.DefaultIgnoreCondition;
        options.NumberHandling = weft.NumberHandling;
        options.ReadCommentHandling = weft.ReadCommentHandling;
        options.AllowTrailingCommas = weft.AllowTrailingCommas;
        options.RespectNullableAnnotations = weft.RespectNullableAnnotations;
        foreach (var converter in weft.Converters) options.Converters.Add(converter);
    }
}
