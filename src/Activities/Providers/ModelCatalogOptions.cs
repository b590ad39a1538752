using System.Collections;
using System.Globalization;

namespace Weft.Activities.Providers;

/// <summary>
/// The model aliases of a deployment (configuration section <c>Weft:Models</c>, one child per alias).
/// Default: none — chat activities then fail at once saying what to set, and the <c>embeddings</c>
/// alias falls back to the offline hashing embedder.
/// </summary>
public sealed class ModelCatalogOptions
{
    /// <summary>The prefix of the environment variables <see cref="FromEnvironment"/> reads: <c>WEFT_MODELS__&lt;alias&gt;__&lt;FIELD&gt;</c>.</summary>
    public const string EnvironmentPrefix = "WEFT_MODELS__";

    /// <summary>Aliases by name (case-insensitive, as configuration keys are).</summary>
    public Dictionary<string, ModelAlias> Aliases { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Reads aliases from environment variables, for processes without a configuration system (the CLI):
    /// <c>WEFT_MODELS__main__ENDPOINT</c>, <c>…__MODEL</c>, <c>…__APIKEY</c>, and optionally <c>…__KIND</c>
    /// (chat, embedding), <c>…__PROVIDER</c> (openai, hashing), <c>…__DIMENSIONS</c>. The configuration
    /// form <c>Weft__Models__main__Endpoint</c> is read too. Names are case-insensitive.
    /// </summary>
    /// <param name="variables">The variables to read; default: this process's environment.</param>
    public static ModelCatalogOptions FromEnvironment(IDictionary? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariables();
        var options = new ModelCatalogOptions();
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is not string key || entry.Value is not string value || value.Length == 0) continue;
            var rest = StripPrefix(key);
            if (rest is null) continue;
            var separator = rest.IndexOf("__", StringComparison.Ordinal);
            if (separator <= 0) continue;
            var alias = rest[..separator];
            var field = rest[(separator + 2)..];
            if (!options.Aliases.TryGetValue(alias, out var model))
                options.Aliases[alias] = model = new ModelAlias();
            Apply(model, field, value, key);
        }
        return options;
    }

    private static string? StripPrefix(string key)
    {
        foreach (var prefix in (string[])[EnvironmentPrefix, "WEFT__MODELS__"])
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return key[prefix.Length..];
        }
        return null;
    }

    private static void Apply(ModelAlias model, string field, string value, string variable)
    {
        switch (field.ToUpperInvariant())
        {
            case "ENDPOINT": model.Endpoint = value; break;
            case "APIKEY" or "API_KEY": model.ApiKey = value; break;
            case "MODEL": model.Model = value; break;
            case "KIND": model.Kind = ParseEnum<ModelKind>(value, variable); break;
            case "PROVIDER": model.Provider = ParseEnum<ModelProvider>(value, variable); break;
            case "DIMENSIONS": model.Dimensions = ParseInt(value, variable); break;
            case "MAXBATCHSIZE": model.MaxBatchSize = ParseInt(value, variable); break;
            case "NETWORKTIMEOUT":
                model.NetworkTimeout = TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var timeout)
                    ? timeout
                    : throw new InvalidOperationException($"Environment variable {variable} must be a duration such as 00:02:00, not '{value}'.");
                break;
            default: throw new InvalidOperationException($"Environment variable {variable} names an unknown model setting '{field}' (known: ENDPOINT, APIKEY, MODEL, KIND, PROVIDER, DIMENSIONS, MAXBATCHSIZE, NETWORKTIMEOUT).");
        }
    }

    private static T ParseEnum<T>(string value, string variable) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidOperationException($"Environment variable {variable} must be one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}, not '{value}'.");

    private static int ParseInt(string value, string variable) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new InvalidOperationException($"Environment variable {variable} must be a positive integer, not '{value}'.");
}
