using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Input.Fuzz;

// Every body-taking endpoint, fed its plausible body with a null (or a member missing, or an empty object) at every place
// of its JSON tree, one place at a time and all of them, not a sample: a null that reaches a dereference answers 5xx here,
// or, if something catches it, fails the run in HardwareExceptionGuard.
public sealed class NullProbeTests
{
    [Fact]
    public async Task ANullOrAMissingMemberAnywhereInABodyIsAnsweredWithoutA5xx()
    {
        await using var world = await FuzzWorld.CreateAsync();
        var source = world.App.Services.GetRequiredService<EndpointDataSource>();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var endpoints = 0;
        foreach (var (method, pattern, baseline) in BodyEndpoints(source, world.RouteValues))
        {
            endpoints++;
            var path = FuzzCases.Fill(pattern, world.RouteValues, null, null);
            foreach (var (place, body) in Variants(baseline))
            {
                var status = await SendAsync(world.Client, method, path, body, failures, $"{method} {pattern} [{place}] {body}");
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status < 400)
                {
                    await world.SettledAsync();
                }
            }
        }

        var summary = $"null probe: {endpoints} endpoints, {statuses.Values.Sum()} requests; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; {failures.Count} failures";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(40)));
        Assert.True(endpoints >= 20, summary);
    }

    [Fact]
    public async Task ANullOrAMissingMemberAnywhereInAToolCallIsAnsweredWithoutAnInternalError()
    {
        await using var world = await FuzzWorld.CreateAsync();
        var tools = await AllToolsAsync(world.Client);
        var failures = new List<string>();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            var call = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = 7,
                ["method"] = "tools/call",
                ["params"] = new JsonObject { ["name"] = (string?)tool["name"], ["arguments"] = McpArguments(tool["inputSchema"], world.RouteValues) },
            };
            foreach (var (place, body) in Variants(call))
            {
                var outcome = await CallAsync(world.Client, body, failures, $"{tool["name"]} [{place}] {body}");
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                await world.SettledAsync();
            }
        }

        var summary = $"null probe: {tools.Count} tools, {outcomes.Values.Sum()} calls; outcomes {string.Join(", ", outcomes.Select(s => $"{s.Key}×{s.Value}"))}; {failures.Count} failures";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(40)));
        Assert.True(tools.Count >= 20, summary);
    }

    // Every tool, the plugged.in aliases too (a plain /mcp calls them but lists them only when asked for all).
    private static async Task<List<JsonObject>> AllToolsAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp?toolsets=all")
        {
            Content = new StringContent("""{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await client.SendAsync(request);
        var reply = Support.Mcp.Events(await response.Content.ReadAsStringAsync()).Single();
        return [.. reply["result"]!["tools"]!.AsArray().Select(t => t!.AsObject())];
    }

    // A plausible value per argument of a tool's input schema: the world's objects for ids, the first of an enum.
    private static JsonObject McpArguments(JsonNode? schema, IReadOnlyDictionary<string, string> ids)
    {
        var arguments = new JsonObject();
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            arguments[name] = Plausible(name, property, ids);
        }
        return arguments;
    }

    private static JsonNode? Plausible(string name, JsonNode? property, IReadOnlyDictionary<string, string> ids)
    {
        if (property?["enum"] is JsonArray { Count: > 0 } choices)
        {
            return choices[0]?.DeepClone();
        }
        var type = property?["type"] is JsonArray types ? (string?)types[0] : (string?)property?["type"];
        return type switch
        {
            "integer" => 1,
            "number" => 0.5,
            "boolean" => false,
            "array" => new JsonArray(Plausible(name, property?["items"], ids)),
            "object" => new JsonObject { ["text"] = "fuzz" },
            _ => name switch
            {
                "session_id" or "content_session_id" => ids["sessionId"],
                "memory_session_id" => ids["memorySessionId"],
                "workspace_id" => ids["workspaceId"],
                "identifier" or "experience_id" or "short_id" => ids["identifier"],
                "id" or "engram_id" => ids["id"],
                "agent_id" or "owner_id" => ids["agentId"],
                _ => "fuzz",
            },
        };
    }

    // "http 4xx", "rpc -32602", "tool 422", "ok": an internal error (HTTP 5xx, JSON-RPC -32603, a tool's 5xx) is a failure.
    private static async Task<string> CallAsync(HttpClient client, string body, List<string> failures, string what)
    {
        using var response = await client.PostMcpAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            failures.Add($"HTTP {status} for {what}: {text}");
        }
        if (status != 200 || text.Length == 0)
        {
            return $"http {status}";
        }
        var reply = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? Support.Mcp.Events(text).LastOrDefault()
            : JsonNode.Parse(text) as JsonObject;
        if (reply?["error"] is JsonObject error)
        {
            var code = (int?)error["code"];
            if (code == -32603)
            {
                failures.Add($"internal error for {what}: {text}");
            }
            return $"rpc {code}";
        }
        if (reply?["result"]?["isError"] is JsonValue isError && (bool)isError)
        {
            var toolStatus = (int?)reply["result"]!["structuredContent"]?["status"];
            if (toolStatus is null or >= 500)
            {
                failures.Add($"tool error {toolStatus} for {what}: {text}");
            }
            return $"tool {toolStatus}";
        }
        return "ok";
    }

    private static IEnumerable<(string Method, string Pattern, JsonObject Baseline)> BodyEndpoints(EndpointDataSource source, IReadOnlyDictionary<string, string> ids) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } type && FuzzInputs.PropertiesOf(type).Count > 0)
            // Rotating the key would lock the probing agent out of everything after it.
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName != "RotateKey")
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Endpoint: e)))
            .OrderBy(e => e.Endpoint.RoutePattern.RawText, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .Select(e => (e.Method, "/" + e.Endpoint.RoutePattern.RawText!.TrimStart('/'),
                FuzzBaselines.For(e.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, FuzzInputs.PropertiesOf(e.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType), ids)));

    // For each place in the tree: the value there made null; a member removed; an object emptied; an array given a null element.
    internal static IEnumerable<(string Place, string Body)> Variants(JsonObject baseline)
    {
        foreach (var node in Walk(baseline).Where(n => n.Parent is not null).ToList())
        {
            var place = node.GetPath();
            yield return ($"{place}: null", Mutate(baseline, place, n => n.ReplaceWith<JsonNode?>(null)));
            if (node.Parent is JsonObject)
            {
                yield return ($"{place}: missing", Mutate(baseline, place, n => n.Parent!.AsObject().Remove(n.GetPropertyName())));
            }
            if (node is JsonObject { Count: > 0 })
            {
                yield return ($"{place}: {{}}", Mutate(baseline, place, n => n.AsObject().Clear()));
            }
            if (node is JsonArray)
            {
                yield return ($"{place}: [null]", Mutate(baseline, place, n => n.AsArray().Add(null)));
            }
        }
    }

    private static IEnumerable<JsonNode> Walk(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Walk(child))
            {
                yield return descendant;
            }
        }
    }

    private static string Mutate(JsonObject baseline, string place, Action<JsonNode> change)
    {
        var copy = baseline.DeepClone().AsObject();
        change(Walk(copy).Single(n => n.GetPath() == place));
        return copy.ToJsonString();
    }

    private static async Task<int> SendAsync(HttpClient client, string method, string path, string body, List<string> failures, string what)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            failures.Add($"{status} for {what}: {await response.Content.ReadAsStringAsync()}");
        }
        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{status} without problem+json for {what}");
        }
        return status;
    }
}
