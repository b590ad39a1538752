using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Model;

namespace Weft.Engine.Activities;

/// <summary>Builds an <see cref="ActivityDescriptor"/> from an activity class and its inputs class, by reflection, once.</summary>
public static class DescriptorFactory
{
    public static ActivityDescriptor Create(Type activityType)
    {
        var attribute = activityType.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{activityType.Name} has no [Activity] attribute.");
        var inputsType = FindInputsType(activityType);
        var inputs = inputsType is null ? [] : DescribeInputs(inputsType);
        var outputs = activityType.GetCustomAttributes<OutputAttribute>()
            .Select(o => new OutputDescriptor(o.Name, o.Type, o.Description))
            .ToArray();
        return new ActivityDescriptor(
            attribute.Type,
            attribute.DisplayName ?? Humanize(activityType.Name),
            attribute.Category,
            attribute.Description,
            inputs,
            outputs,
            attribute.Ports,
            typeof(IPortProvider).IsAssignableFrom(activityType),
            attribute.IsContainer,
            attribute.IsTrigger,
            attribute.Inline);
    }

    private static Type? FindInputsType(Type activityType)
    {
        for (var t = activityType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Activity<>))
                return t.GetGenericArguments()[0];
        }
        return null;
    }

    private static InputDescriptor[] DescribeInputs(Type inputsType)
    {
        // Property initialisers are the defaults: read them off a fresh instance.
        var defaults = JsonSerializer.SerializeToNode(Activator.CreateInstance(inputsType), inputsType, WeftJson.Options) as JsonObject ?? [];
        var list = new List<InputDescriptor>();
        foreach (var property in inputsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var input = property.GetCustomAttribute<InputAttribute>();
            if (input is null) continue;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var type = input.Type ?? InferType(property.PropertyType);
            var defaultValue = input.Required ? null : defaults[name]?.DeepClone();
            list.Add(new InputDescriptor(
                name, type, input.Required, defaultValue, input.Description,
                input.UiHint ?? InferUiHint(type, property.PropertyType, input),
                input.Options, input.Lazy));
        }
        return [.. list];
    }

    internal static string InferType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(TimeSpan) || type.IsEnum) return ValueTypes.String;
        if (type == typeof(bool)) return ValueTypes.Boolean;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return ValueTypes.Integer;
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return ValueTypes.Number;
        if (type == typeof(JsonArray) || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && !typeof(IDictionary).IsAssignableFrom(type) && type != typeof(JsonObject) && type != typeof(JsonNode)))
            return ValueTypes.Array;
        if (type == typeof(JsonNode) || type == typeof(object)) return ValueTypes.Any;
        return ValueTypes.Object;
    }

    private static string InferUiHint(string valueType, Type clrType, InputAttribute input)
    {
        if (input.Options is { Length: > 0 }) return UiHints.Select;
        if (input.Lazy) return UiHints.Expression;
        if ((Nullable.GetUnderlyingType(clrType) ?? clrType) == typeof(TimeSpan)) return UiHints.Duration;
        return valueType switch
        {
            ValueTypes.Boolean => UiHints.Checkbox,
            ValueTypes.Number or ValueTypes.Integer => UiHints.Number,
            ValueTypes.String => UiHints.Template,
            _ => UiHints.Json,
        };
    }

    private static string Humanize(string className)
    {
        var name = className.EndsWith("Activity", StringComparison.Ordinal) ? className[..^"Activity".Length] : className;
        var chars = new List<char>(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])) chars.Add(' ');
            chars.Add(name[i]);
        }
        return new string([.. chars]);
    }
}
