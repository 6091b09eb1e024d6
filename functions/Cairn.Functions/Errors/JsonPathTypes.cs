using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cairn.Errors;

// Finds the CLR type a JSON path points at inside a request type, so a type error can say what was expected.
// System.Text.Json names the enclosing record, not the property, when a constructor parameter fails to convert.
internal static partial class JsonPathTypes
{
    public static Type? Resolve(Type root, string path)
    {
        var current = root;
        foreach (Match segment in Segment().Matches(path))
        {
            if (segment.Groups["index"].Success)
            {
                current = ElementType(current);
            }
            else
            {
                var name = segment.Groups["name"].Value;
                var property = current?.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == name);
                current = property?.PropertyType;
            }
            if (current is null)
            {
                return null;
            }
        }
        return Nullable.GetUnderlyingType(current!) ?? current;
    }

    public static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(Guid) => "a UUID string",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an ISO 8601 date-time string",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "an integer",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type.IsEnum => $"one of: {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))}",
        _ when ElementType(type) is not null => "an array",
        _ => "a JSON object",
    };

    private static Type? ElementType(Type? type) =>
        type is null ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type != typeof(string) ? element
        : null;

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\[(?<index>\d+)\]|\['(?<name>[^']+)'\]")]
    private static partial Regex Segment();
}
