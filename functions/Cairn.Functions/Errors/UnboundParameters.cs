using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cairn.Errors;

// The compile-time request delegates (EnableRequestDelegateGenerator) answer a nullable route or query value that does
// not parse (?limit=ten) with a bare 400 and no exception, where the runtime factory threw BadHttpRequestException.
// This finds the value that did not parse and throws the same exception, so ErrorHandling names the field as before.
internal static class UnboundParameters
{
    public static IApplicationBuilder UseUnboundParameterProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Response is { StatusCode: StatusCodes.Status400BadRequest, HasStarted: false, ContentType: null }
            && context.GetEndpoint() is { } endpoint
            && FirstUnparsed(context, endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()) is var (type, name, value))
        {
            throw new BadHttpRequestException($"Failed to bind parameter \"{type} {name}\" from \"{value}\".");
        }
    });

    private static (string Type, string Name, string Value)? FirstUnparsed(HttpContext context, IReadOnlyList<IParameterBindingMetadata> parameters)
    {
        foreach (var parameter in parameters.Where(p => p.HasTryParse))
        {
            var value = context.Request.RouteValues.TryGetValue(parameter.Name, out var routed) ? routed?.ToString() : context.Request.Query[parameter.Name].ToString();
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            if (!string.IsNullOrEmpty(value) && !Parses(type, value))
            {
                return (type.Name, parameter.Name, value);
            }
        }
        return null;
    }

    // Only on a failed request, so reflection's cost does not matter here.
    private static bool Parses(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        }
        var withProvider = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (withProvider is not null)
        {
            return (bool)withProvider.Invoke(null, [value, CultureInfo.InvariantCulture, null])!;
        }
        var plain = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        return plain is null || (bool)plain.Invoke(null, [value, null])!;
    }
}
