using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Mcp;

/// <summary>
/// The schemas say what the validators say: every minimum, maximum, maxLength, maxItems and enum a tool's input schema
/// declares is probed with a value just outside it, which the service must refuse for that very argument, and (but for
/// enums) with the value at the limit, which it must not refuse for that argument. So a schema looser or stricter than
/// the validator fails.
/// </summary>
public sealed class McpSchemaRuleTests(AppFixture fixture)
{
    [Fact]
    public async Task EveryLimitAToolSchemaDeclaresIsEnforcedByTheServiceForThatArgument()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        using var client = fixture.App.Client(key);
        var tools = (await client.RpcAsync("tools/list"))["result"]!["tools"]!.AsArray().Select(t => t!.AsObject()).ToList();
        var probes = 0;
        var disagreements = new List<string>();

        foreach (var tool in tools)
        {
            var schema = tool["inputSchema"]!.AsObject();
            var properties = schema["properties"]?.AsObject() ?? [];
            foreach (var (name, property) in properties)
            {
                foreach (var (rule, value, refused) in Probes(property!.AsObject()))
                {
                    probes++;
                    var arguments = Baseline(schema, except: name);
                    arguments[name] = value;
                    var result = await client.CallToolAsync((string)tool["name"]!, arguments);
                    var problem = result["structuredContent"]?.AsObject();
                    var named = (bool?)result["isError"] == true && problem?["errors"] is JsonObject errors
                        && errors.Any(e => e.Key == name || e.Key.StartsWith(name + "[", StringComparison.Ordinal));
                    if (named != refused)
                    {
                        var text = result.ToJsonString();
                        disagreements.Add($"{tool["name"]}.{name} {rule} {(refused ? "accepted" : "refused")}: {text[..Math.Min(300, text.Length)]}");
                    }
                }
            }
        }

        Assert.True(probes >= 40, $"only {probes} limits were declared");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {probes} declared limits are not what the service enforces:\n{string.Join('\n', disagreements)}");
    }

    /// <summary>For each declared rule: the value at the limit (not refused) and just outside it (refused).</summary>
    private static IEnumerable<(string Rule, JsonNode Value, bool Refused)> Probes(JsonObject property)
    {
        var isList = (string?)property["type"] == "array";
        var items = isList ? property["items"]!.AsObject() : property;
        JsonNode Wrap(JsonNode value) => isList ? new JsonArray(value) : value;
        if (property["maximum"] is JsonValue max)
        {
            yield return ($"maximum {max}", JsonValue.Create((double)max), false);
            yield return ($"maximum {max}", JsonValue.Create((double)max + 1), true);
        }
        if (property["minimum"] is JsonValue min)
        {
            yield return ($"minimum {min}", JsonValue.Create((double)min), false);
            yield return ($"minimum {min}", JsonValue.Create((double)min - 1), true);
        }
        if (items["maxLength"] is JsonValue length)
        {
            yield return ($"maxLength {length}", Wrap(new string('a', (int)length)), false);
            yield return ($"maxLength {length}", Wrap(new string('a', (int)length + 1)), true);
        }
        if (items["enum"] is JsonArray)
        {
            yield return ("enum", Wrap("not-one-of-them"), true);
        }
        if (property["maxItems"] is JsonValue count)
        {
            var uuids = (string?)items["format"] == "uuid";
            JsonArray List(int n) => new([.. Enumerable.Range(0, n).Select(i => (JsonNode)(uuids ? Guid.NewGuid().ToString() : $"item-{i}"))]);
            yield return ($"maxItems {count}", List((int)count), false);
            yield return ($"maxItems {count}", List((int)count + 1), true);
        }
    }

    /// <summary>Plausible values for the other required arguments, so the probe is refused for its own argument.</summary>
    private static JsonObject Baseline(JsonObject schema, string except)
    {
        var arguments = new JsonObject();
        foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            if (required == except)
            {
                continue;
            }
            var property = schema["properties"]![required]!.AsObject();
            arguments[required] = (string?)property["type"] switch
            {
                "boolean" => true,
                "integer" or "number" => JsonValue.Create((double?)property["minimum"] ?? 1),
                "array" => new JsonArray(),
                "object" => new JsonObject { ["text"] = "probe" },
                _ when property["enum"] is JsonArray values => values[0]!.DeepClone(),
                _ when (string?)property["format"] == "uuid" => Guid.NewGuid().ToString(),
                // Session tools take a UUID or a short_id as a plain string; a random UUID names a missing session, as before.
                _ when required == "session_id" => Guid.NewGuid().ToString(),
                _ => "probe",
            };
        }
        return arguments;
    }
}
