using System.Text.Json;
using System.Text.Json.Serialization;

namespace Weft.AppHost.Dashboard;

/// <summary>The dashboard API's JSON: camelCase, enums as their names.</summary>
internal static class DashboardJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
