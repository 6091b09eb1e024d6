using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Tests.Input.Fuzz;

// Generates the fuzz cases of every mapped endpoint from the route table, drawing a fixed-seed sample of each one's
// pool.
public static partial class FuzzCases
{
    private static readonly Type[] QueryTypes = [typeof(string), typeof(Guid), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(DateTimeOffset), typeof(string[])];

    public static IEnumerable<(string Endpoint, IReadOnlyList<FuzzCase> Cases)> Generate(EndpointDataSource source, IReadOnlyDictionary<string, string> ids, int perEndpoint, int seed)
    {
        var random = new Random(seed);
        var endpoints = source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Endpoint: e)))
            // The WebSocket takes no request body; rotating the key would lock the fuzzing agent out of everything after it.
            .Where(e => e.Endpoint.RoutePattern.RawText is { } raw && !raw.EndsWith("/pulse/ws", StringComparison.Ordinal)
                && e.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName != "RotateKey")
            .OrderBy(e => e.Endpoint.RoutePattern.RawText, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal);
        foreach (var (method, endpoint) in endpoints)
        {
            var pool = Pool(method, endpoint, ids).ToList();
            var sample = pool.Count <= perEndpoint ? pool : [.. pool.OrderBy(_ => random.Next()).Take(perEndpoint)];
            yield return ($"{method} {endpoint.RoutePattern.RawText}", sample);
        }
    }

    private static IEnumerable<FuzzCase> Pool(string method, RouteEndpoint endpoint, IReadOnlyDictionary<string, string> ids)
    {
        var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        var routeNames = Parameter().Matches(pattern).Select(m => m.Groups["name"].Value).ToList();
        var path = Fill(pattern, ids, null, null);
        var requestType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var takesBody = method is "POST" or "PUT" or "PATCH";
        var baseline = FuzzBaselines.For(endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, FuzzInputs.PropertiesOf(requestType), ids);
        var baselineText = takesBody ? baseline.ToJsonString() : null;

        foreach (var name in routeNames)
        {
            foreach (var (kind, value) in FuzzInputs.RouteValues)
            {
                yield return new FuzzCase(method, Fill(pattern, ids, name, value), baselineText, $"route {name}: {kind}");
            }
        }
        foreach (var query in QueryParameters(endpoint, routeNames, requestType))
        {
            foreach (var (kind, value) in FuzzInputs.QueryValues)
            {
                yield return new FuzzCase(method, $"{path}?{query}={value}", baselineText, $"query {query}: {kind}");
            }
        }
        if (!takesBody)
        {
            yield break;
        }
        foreach (var (kind, body) in FuzzInputs.Bodies)
        {
            yield return new FuzzCase(method, path, body, $"body: {kind}");
        }
        foreach (var field in baseline.Select(p => p.Key).ToList())
        {
            foreach (var (kind, value) in FuzzInputs.Values)
            {
                yield return new FuzzCase(method, path, FuzzInputs.Replace(baseline, field, value), $"field {field}: {kind}");
            }
        }
    }

    // A value per route parameter: the world's object, or value for the one being fuzzed.
    internal static string Fill(string pattern, IReadOnlyDictionary<string, string> ids, string? fuzzed, string? value) => Parameter().Replace(pattern, match =>
    {
        var name = match.Groups["name"].Value;
        if (name == fuzzed)
        {
            return value!;
        }
        // Two features call their parameter sessionId / id; the world keeps one of each.
        var key = (name, pattern) switch
        {
            ("sessionId", _) when pattern.Contains("/memory/", StringComparison.Ordinal) => "memorySessionId",
            ("id", _) when pattern.Contains("/workspaces/", StringComparison.Ordinal) => "workspaceId",
            _ => name,
        };
        return ids.TryGetValue(key, out var id) ? id : Guid.Empty.ToString();
    });

    private static IEnumerable<string> QueryParameters(RouteEndpoint endpoint, IReadOnlyList<string> routeNames, Type? requestType) =>
        endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .Where(p => QueryTypes.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) && p.ParameterType != requestType)
            .Where(p => p.GetCustomAttribute<FromBodyAttribute>() is null && p.GetCustomAttribute<FromServicesAttribute>() is null)
            .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!)
            .Where(name => !routeNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        ?? [];

    [GeneratedRegex(@"\{\*?(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();
}
