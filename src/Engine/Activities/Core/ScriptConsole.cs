using System.Globalization;
using JintEngine = Jint.Engine;
using Jint.Native;
using Jint.Runtime.Interop;
using Microsoft.Extensions.Logging;

namespace Weft.Engine.Activities.Core;

/// <summary>
/// The logging a script sees: <c>log(...)</c>, and <c>console.log/info/debug/warn/error</c> for
/// code pasted from elsewhere. Arguments are joined by spaces; objects are written as JSON.
/// </summary>
internal static class ScriptConsole
{
    public static void Install(JintEngine engine, ILogger logger)
    {
        engine.SetValue("log", Writer(engine, logger, LogLevel.Information));

        var console = engine.Object.Construct([]);
        (string Name, LogLevel Level)[] methods =
        [
            ("log", LogLevel.Information), ("info", LogLevel.Information), ("debug", LogLevel.Debug),
            ("warn", LogLevel.Warning), ("error", LogLevel.Error),
        ];
        foreach (var (name, level) in methods)
            console.FastAddProperty(name, Writer(engine, logger, level), writable: true, enumerable: false, configurable: true);
        engine.SetValue("console", console);
    }

    private static ClrFunctionInstance Writer(JintEngine engine, ILogger logger, LogLevel level) =>
        new(engine, (_, arguments) =>
        {
            if (logger.IsEnabled(level))
                logger.Log(level, "Script: {Message}", string.Join(' ', arguments.Select(a => Show(engine, a))));
            return JsValue.Undefined;
        });

    private static string Show(JintEngine engine, JsValue value)
    {
        if (value.IsString()) return value.AsString();
        if (value.IsUndefined()) return "undefined";
        if (value.IsNumber()) return value.AsNumber().ToString(CultureInfo.InvariantCulture);
        if (!value.IsObject()) return value.ToString();
        try
        {
            var json = engine.Json.Stringify(JsValue.Undefined, [value]);
            return json.IsString() ? json.AsString() : value.ToString();
        }
        catch (Jint.Runtime.JavaScriptException)
        {
            return value.ToString(); // cyclic: fall back to [object Object]
        }
    }
}
